/**
 * The in-project conformance suite: Autobahn TestSuite's cases of sections 1–7, 9, 10, 12 and 13 (517 cases,
 * with Autobahn's numbering, frames, chopping, timers, offers and verdicts), run against the library in both
 * roles.
 *
 * <ul>
 *   <li>{@link io.github.wsboot.websocket.conformance.Catalogue} lists the cases as data
 *       ({@link io.github.wsboot.websocket.conformance.CaseSpec}: id, description, script, expected events,
 *       expected close, and for compression the offers, the answer and the endpoint's
 *       {@link io.github.wsboot.websocket.conformance.EndpointSetup}), built by {@code FramingCases} (1–5),
 *       {@code Utf8Cases} (6, with the vectors of {@code Utf8Sequences}), {@code CloseCases} (7),
 *       {@code LimitCases} (9, 10) and {@code CompressionCases} (12, 13, with the data sets of
 *       {@code CompressionData}).</li>
 *   <li>{@link io.github.wsboot.websocket.conformance.FuzzSession} models Autobahn's fuzzing peer: it writes
 *       exact bytes, parses and checks what comes back with its own code (not the library's), and judges
 *       the run in {@link io.github.wsboot.websocket.conformance.CaseRun} as Autobahn does. For permessage-deflate
 *       it negotiates like Autobahn ({@code DeflateOffer}, {@code DeflateAgreement}, {@code ExtensionParams}),
 *       compresses and inflates with its own {@code java.util.zip} code ({@code DeflateCodec}) and checks the
 *       endpoint's window limit with a decoder of its own ({@code DeflateDistances}).</li>
 *   <li>{@code ServerConformanceTest}: {@link io.github.wsboot.websocket.conformance.FuzzingClient} against
 *       {@code Upgrader} + {@code EchoHandler} on embedded Tomcat. {@code ClientConformanceTest}:
 *       {@link io.github.wsboot.websocket.conformance.FuzzingServer} against {@code Dialer} + a streaming
 *       echo loop. Each writes {@code <build folder>/conformance/<role>.md}.</li>
 *   <li>{@code FuzzerSelfTest} runs every case against a deliberately broken endpoint
 *       ({@link io.github.wsboot.websocket.conformance.MutantServer}) in both roles: each case must fail; and
 *       each permessage-deflate check against an endpoint that breaks only its rule.</li>
 * </ul>
 *
 * Run a subset with {@code -Dws.conformance.cases=6.4,7.1.6,13} (comma-separated id prefixes), and sections
 * 12 and 13 with Autobahn's full message counts with {@code -Dws.conformance.deflate.full=true}.
 */
package io.github.wsboot.websocket.conformance;
