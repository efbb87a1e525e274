package io.github.wsboot.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles each data message of a message-oriented {@link WebSocketHandler}. Messages are read and handled one
 * at a time, in order, on the connection's own thread.
 *
 * <p>Exactly one parameter receives the payload; its type decides which messages the method takes:
 * <ul>
 *   <li>text messages: {@code String}, or any other type, which is bound from the JSON text with the
 *       application's JSON mapper;</li>
 *   <li>binary messages: {@code byte[]} or {@code java.nio.ByteBuffer};</li>
 *   <li>both: {@code java.io.InputStream} (the message streamed, valid until the method returns) and
 *       {@code io.github.wsboot.websocket.Message}.</li>
 * </ul>
 * A bean may declare one method for text and one for binary messages. A message that no method takes closes
 * the connection with 1003 (unsupported data).
 *
 * <p>Context arguments, usable in every handler method: {@code Conn}, {@link Handshake},
 * {@code java.security.Principal} (the authenticated user of the handshake, or null), and parameters annotated
 * with Spring's {@code @PathVariable} (converted with the application's conversion service).
 *
 * <p>The return value is sent back: {@code String} as text, {@code byte[]} and {@code ByteBuffer} as binary,
 * {@code Message} with its type, any other object as JSON text; {@code void} and null send nothing.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnMessage {}
