package io.github.wsboot.benchmarks.observation;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import io.github.wsboot.autoconfigure.observation.MicrometerWebSocketObservations;
import io.github.wsboot.autoconfigure.observation.WebSocketObservations;
import io.github.wsboot.websocket.MessageType;

/**
 * What observing each handled message costs, per message, around a handling that does next to nothing (so the
 * result is the overhead alone): {@code none} is the starter without an {@code ObservationRegistry};
 * {@code off} has a metering registry and {@code ws.server.observations.messages=false} (the default);
 * {@code noop} observes messages on {@code ObservationRegistry.NOOP}; {@code meters} observes them on a registry
 * with Micrometer's {@code DefaultMeterObservationHandler} over a {@code SimpleMeterRegistry} (a timer and a
 * long-task timer per observation, as Boot's actuator configures).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessageObservationBenchmark {

    @Param({"none", "off", "noop", "meters"})
    public String observations;

    private WebSocketObservations target;
    private long handled;

    @Setup
    public void setUp() {
        target = switch (observations) {
            case "none" -> WebSocketObservations.NONE;
            case "off" -> new MicrometerWebSocketObservations(meteringRegistry(), false, null, null);
            case "noop" -> new MicrometerWebSocketObservations(ObservationRegistry.NOOP, true, null, null);
            case "meters" -> new MicrometerWebSocketObservations(meteringRegistry(), true, null, null);
            default -> throw new IllegalArgumentException(observations);
        };
    }

    private static ObservationRegistry meteringRegistry() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
        return registry;
    }

    @Benchmark
    public void handleOneMessage(Blackhole bh) throws IOException {
        target.observeMessage("/rooms/{room}", MessageType.TEXT, () -> handled++);
        bh.consume(handled);
    }
}
