package io.github.wsboot.autoconfigure.hub;

/**
 * {@code ws.hub.redis.enabled=true} asks for the Redis relay, but it cannot be built: Spring Data Redis is not
 * on the class path, or no {@code RedisConnectionFactory} bean is defined. Thrown at startup so that an
 * application meant to run as a cluster does not silently run as separate instances;
 * {@link HubRelayUnavailableFailureAnalyzer} prints the missing piece and the fix.
 *
 * @since 0.1.0
 */
public class HubRelayUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String missing;
    private final String fix;

    /**
     * @param missing what the relay needs and cannot find, as a sentence
     * @param fix     what to change, as a sentence
     */
    public HubRelayUnavailableException(String missing, String fix) {
        super("ws.hub.redis.enabled=true but " + missing + " " + fix);
        this.missing = missing;
        this.fix = fix;
    }

    /** Spring Data Redis is not on the class path. */
    public static HubRelayUnavailableException springDataRedisMissing() {
        return new HubRelayUnavailableException(
                "Spring Data Redis (org.springframework.data.redis.connection.RedisConnectionFactory) is not on the class path.",
                "Add org.springframework.boot:spring-boot-starter-data-redis (Spring Data Redis with Lettuce) to the "
                        + "application's dependencies, or set ws.hub.redis.enabled=false.");
    }

    /** Spring Data Redis is present, but no connection factory bean is. */
    public static HubRelayUnavailableException connectionFactoryMissing() {
        return new HubRelayUnavailableException(
                "no RedisConnectionFactory bean is defined (Spring Data Redis is present, but its auto-configuration "
                        + "is excluded or backed off, or no Redis client library such as Lettuce is on the class path).",
                "Use org.springframework.boot:spring-boot-starter-data-redis (it brings Lettuce and the connection "
                        + "factory), define a RedisConnectionFactory bean, or set ws.hub.redis.enabled=false.");
    }

    /** What is missing. */
    public String missing() {
        return missing;
    }

    /** What to change. */
    public String fix() {
        return fix;
    }
}
