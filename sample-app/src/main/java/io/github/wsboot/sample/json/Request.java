package io.github.wsboot.sample.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a {@code /json} client may send; the {@code "type"} property names the record. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Request.Add.class, name = "add"),
    @JsonSubTypes.Type(value = Request.Greet.class, name = "greet"),
    @JsonSubTypes.Type(value = Request.Time.class, name = "time")
})
public sealed interface Request {

    /** Adds two numbers. */
    record Add(double a, double b) implements Request {}

    /** Greets someone by name. */
    record Greet(String name) implements Request {}

    /** Asks for the server's clock. */
    record Time() implements Request {}
}
