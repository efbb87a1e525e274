/**
 * The event engine ({@code Upgrader.builder().engine(EngineMode.EVENT)}, starter: {@code ws.server.engine=event}):
 * connections without a thread each, on the sockets ws-core already takes from the container. Not part of the
 * API; opt-in while it matures.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>I/O threads.</b> {@link io.github.wsboot.websocket.engine.EventEngine} runs one
 *       {@code EventLoop} (a thread with a selector) per processor. A plain
 *       connection of Tomcat's NIO connector leaves Tomcat's poller as on the blocking path
 *       ({@code transport.OwnedChannel}), but stays in non-blocking mode and is registered with a loop. Other
 *       connections (TLS, NIO2, Jetty, the servlet upgrade) stay on the blocking path.</li>
 *   <li><b>No read buffer while idle.</b> Each loop has one 64 KiB read buffer, lent to a connection while the
 *       loop handles its readiness. An explicit state machine,
 *       {@code FrameScanner}, finds the frames in what was read and copies the
 *       bytes of data and close frames into the connection's
 *       {@code InboundPipe}, which is empty (and holds no chunk) between
 *       messages. It checks each header with {@code internal.FrameHeaderRules}, the rules the blocking reader
 *       applies, and text as it arrives with the same {@code Utf8Validator}, so that a bad frame or invalid
 *       UTF-8 wakes the reader at once; everything else (unmasking, inflating, the read limit, close payloads)
 *       stays with the connection's {@code MessageReader}, reading from the pipe: one parser, one set of
 *       protocol rules for both engines.</li>
 *   <li><b>Messages without a thread.</b> The scanner announces a unit when the pipe holds a whole message, a
 *       close frame or a bad header. {@code SerialDispatch} then runs the
 *       connection's {@link io.github.wsboot.websocket.MessageListener} on an executor (virtual threads on 21+,
 *       a bounded pool of daemon threads on 17), one message at a time, in order, reading it from the pipe
 *       without waiting. Ping and pong frames are taken out of the stream and answered in a lane of their own,
 *       so a busy listener does not delay a pong; a reader answers those received before its bytes first, so
 *       the pong still precedes the reply to a message that ended after its ping.</li>
 *   <li><b>Back-pressure.</b> The pipe is bounded ({@link io.github.wsboot.websocket.engine.EventEngine#INBOUND_LIMIT}):
 *       when it fills, the loop drops {@code OP_READ} for the connection until its reader has taken half, and
 *       a message larger than the pipe is announced early so its reader streams it. At most
 *       {@code SerialDispatch.MAX_PENDING_CONTROLS} ping/pong frames wait; older ones are dropped.</li>
 *   <li><b>Writes without a parked writer.</b> {@code EventTransport} writes
 *       straight to the socket from the writer's thread; what the socket does not take is copied into an
 *       {@code OutboundQueue} (up to 64 KiB per connection) and flushed by the
 *       loop on {@code OP_WRITE}. A write that would exceed that waits for the loop to write it, bounded by the
 *       connection's write deadline, which closes the transport and wakes it. {@code Conn}'s write locks,
 *       deadlines and close state machine are unchanged.</li>
 *   <li><b>The blocking API unchanged.</b> {@code Conn.readMessage()} and {@code Upgrader.Handler}s work on the
 *       engine: a reader parks in the pipe until the loop delivers bytes, holding no buffer but its
 *       connection's small frame reader buffer (256 bytes on the engine); read deadlines time the park out.</li>
 * </ul>
 *
 * <p>Thread-safety: each loop owns its selection keys (other threads queue tasks); the pipe and the outbound
 * queue are guarded by {@code ReentrantLock}s; a connection's listener calls never overlap.
 */
@NullMarked
package io.github.wsboot.websocket.engine;

import org.jspecify.annotations.NullMarked;
