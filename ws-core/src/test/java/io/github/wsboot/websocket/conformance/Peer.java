package io.github.wsboot.websocket.conformance;

/**
 * What a case script may ask of the fuzzing peer: the subset of Autobahn's fuzzing protocol the cases of
 * sections 1–13 use. Scripts run on the peer's single event thread, like Autobahn's reactor callbacks.
 */
interface Peer {

    /** Sends one frame as given, whatever the connection state (fuzzers must be able to misbehave). */
    void sendFrame(Frame frame);

    /**
     * Sends a data message, split into frames of {@code fragmentSize} bytes when that is positive, else of the
     * auto-fragment size when set. Nothing happens unless the connection is open.
     */
    void sendMessage(byte[] payload, boolean binary, int fragmentSize);

    /** Splits later {@link #sendMessage} calls without an explicit fragment size; 0 turns it off. */
    void autoFragmentSize(int size);

    /** Starts the closing handshake with {@code code} (null: empty close frame) unless it already started. */
    void sendClose(Integer code, String reason);

    /** Starts the closing handshake with an arbitrary, possibly invalid, close payload. */
    void sendCloseFrame(Integer code, byte[] reason);

    /** Writes the header of a non-final frame of {@code length} bytes whose payload follows in pieces. */
    void beginFrame(int opcode, int length);

    /** Writes the next piece of the frame started with {@link #beginFrame}. */
    void sendFrameData(byte[] data);

    /** Ends a message begun with {@link #beginFrame} with an empty final continuation frame. */
    void endMessage();

    /** Fails the connection (close 1001, then drop) if it is still open after {@code seconds}. */
    void killAfter(double seconds);

    /** Sends an empty close frame after {@code seconds} unless the closing handshake already started. */
    void closeAfter(double seconds);

    /** Runs {@code step} after {@code seconds} unless the connection is gone by then. */
    void continueLater(double seconds, Runnable step);

    /** Whether no close frame has been sent or received yet. */
    boolean isOpen();

    /** Data frames of {@code opcode} this peer has sent so far. */
    int framesSent(int opcode);

    /**
     * The permessage-deflate parameters agreed in the opening handshake, or null without compression. While
     * there is one, {@link #sendMessage} compresses every message, RSV1 on its first frame.
     */
    DeflateAgreement deflateAgreement();
}
