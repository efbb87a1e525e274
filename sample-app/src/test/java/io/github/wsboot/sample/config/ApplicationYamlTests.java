package io.github.wsboot.sample.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample's {@code application.yml} is the reference of every {@code ws.*} property: each one the starter's
 * configuration metadata declares must appear in it, set or as a commented example ({@code # key: value}).
 */
class ApplicationYamlTests {

    @Test
    void listsEveryWsPropertyOfTheStarter() throws IOException {
        Set<String> declared = declaredWsProperties();
        assertThat(declared).as("ws.* properties in the starter's metadata").hasSizeGreaterThan(20);

        String yaml = resource("application.yml");
        Set<String> listed = new TreeSet<>();
        flatten("", new Yaml().load(yaml), listed);

        Set<String> missing = new TreeSet<>();
        for (String property : declared) {
            if (!listed.contains(property) && !commentedExample(yaml, property)) {
                missing.add(property);
            }
        }
        assertThat(missing)
                .as("ws.* properties missing from sample-app's application.yml")
                .isEmpty();
        assertThat(listed.stream().filter(k -> k.startsWith("ws.")).filter(k -> !declared.contains(k)))
                .as("keys in application.yml that the starter does not declare (typos)")
                .isEmpty();
    }

    /** Every ws.* property (leaf) of every configuration metadata file on the class path. */
    private static Set<String> declaredWsProperties() throws IOException {
        Set<String> names = new TreeSet<>();
        JsonMapper json = JsonMapper.builder().build();
        Enumeration<URL> files =
                ApplicationYamlTests.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.get("name").asString();
                    if (name.startsWith("ws.")) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
            }
        } else {
            into.add(prefix);
        }
    }

    /** A commented example of the property's last segment, such as {@code # ssl-bundle: my-bundle}. */
    private static boolean commentedExample(String yaml, String property) {
        String leaf = property.substring(property.lastIndexOf('.') + 1);
        return Pattern.compile("(?m)^\\s*#\\s*" + Pattern.quote(leaf) + ":")
                .matcher(yaml)
                .find();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ApplicationYamlTests.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
