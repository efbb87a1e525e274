package io.github.wsboot.sample.chat;

/** What a browser sends: {@code {"text": "..."}}, or {@code {"text": "...", "to": "nick"}} for a direct message. */
public record ChatInput(String text, String to) {}
