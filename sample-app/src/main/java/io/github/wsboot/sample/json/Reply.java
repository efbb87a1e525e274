package io.github.wsboot.sample.json;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What {@code /json} answers; written with a {@code "type"} property like the requests. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Reply.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Reply.Sum.class, name = "sum"),
    @JsonSubTypes.Type(value = Reply.Greeting.class, name = "greeting"),
    @JsonSubTypes.Type(value = Reply.Clock.class, name = "clock")
})
public sealed interface Reply {

    /** Sent when the connection opens: how to use the endpoint. */
    record Hello(String usage) implements Reply {}

    record Sum(double a, double b, double sum) implements Reply {}

    record Greeting(String text) implements Reply {}

    record Clock(Instant now) implements Reply {}
}
