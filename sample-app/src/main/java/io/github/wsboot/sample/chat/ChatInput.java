package io.github.wsboot.sample.chat;

/** What a browser sends: {@code {"text": "..."}}. */
public record ChatInput(String text) {
}
