package io.github.wsboot.websocket.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The catalogue has Autobahn's numbering: the same ids, in the same order, as sections 1–7, 9, 10, 12 and 13. */
class CatalogueTest {

    @Test
    void hasAutobahnsCasesInOrder() {
        List<CaseSpec> all = Catalogue.all();
        assertThat(all).hasSize(517);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            assertThat(ids.add(all.get(i).id()))
                    .as("duplicate id %s", all.get(i).id())
                    .isTrue();
            if (i > 0) {
                assertThat(java.util.Arrays.compare(
                                all.get(i - 1).numericId(), all.get(i).numericId()))
                        .as("%s before %s", all.get(i - 1).id(), all.get(i).id())
                        .isNegative();
            }
        }
        Map<String, Integer> perGroup = new LinkedHashMap<>();
        for (CaseSpec c : all) {
            String[] parts = c.id().split("\\.");
            String group = parts.length == 3 ? parts[0] + "." + parts[1] : parts[0];
            perGroup.merge(group, 1, Integer::sum);
        }
        assertThat(perGroup)
                .containsExactly(
                        Map.entry("1.1", 8),
                        Map.entry("1.2", 8),
                        Map.entry("2", 11),
                        Map.entry("3", 7),
                        Map.entry("4.1", 5),
                        Map.entry("4.2", 5),
                        Map.entry("5", 20),
                        Map.entry("6.1", 3),
                        Map.entry("6.2", 4),
                        Map.entry("6.3", 2),
                        Map.entry("6.4", 4),
                        Map.entry("6.5", 5),
                        Map.entry("6.6", 11),
                        Map.entry("6.7", 4),
                        Map.entry("6.8", 2),
                        Map.entry("6.9", 4),
                        Map.entry("6.10", 3),
                        Map.entry("6.11", 5),
                        Map.entry("6.12", 8),
                        Map.entry("6.13", 5),
                        Map.entry("6.14", 10),
                        Map.entry("6.15", 1),
                        Map.entry("6.16", 3),
                        Map.entry("6.17", 5),
                        Map.entry("6.18", 5),
                        Map.entry("6.19", 5),
                        Map.entry("6.20", 7),
                        Map.entry("6.21", 8),
                        Map.entry("6.22", 34),
                        Map.entry("6.23", 7),
                        Map.entry("7.1", 6),
                        Map.entry("7.3", 6),
                        Map.entry("7.5", 1),
                        Map.entry("7.7", 13),
                        Map.entry("7.9", 9),
                        Map.entry("7.13", 2),
                        Map.entry("9.1", 6),
                        Map.entry("9.2", 6),
                        Map.entry("9.3", 9),
                        Map.entry("9.4", 9),
                        Map.entry("9.5", 6),
                        Map.entry("9.6", 6),
                        Map.entry("9.7", 6),
                        Map.entry("9.8", 6),
                        Map.entry("10.1", 1),
                        Map.entry("12.1", 18),
                        Map.entry("12.2", 18),
                        Map.entry("12.3", 18),
                        Map.entry("12.4", 18),
                        Map.entry("12.5", 18),
                        Map.entry("13.1", 18),
                        Map.entry("13.2", 18),
                        Map.entry("13.3", 18),
                        Map.entry("13.4", 18),
                        Map.entry("13.5", 18),
                        Map.entry("13.6", 18),
                        Map.entry("13.7", 18));
    }

    @Test
    void utf8VectorsAreClassifiedLikeAutobahn() {
        // Autobahn's own labels, checked against the JDK decoder: valid exactly when the label says so.
        for (Utf8Sequences.Group g : Utf8Sequences.groups()) {
            for (Utf8Sequences.Vector v : g.vectors()) {
                assertThat(Bytes.isValidUtf8(v.bytes()))
                        .as("%s: %s", g.title(), Bytes.preview(v.bytes()))
                        .isEqualTo(v.valid());
            }
        }
        // The prefixes of κόσμε that end on a code point boundary: lengths 2, 5, 7, 9 and 11.
        List<Utf8Sequences.Vector> prefixes = Utf8Sequences.groups().get(1).vectors();
        assertThat(prefixes.stream().filter(Utf8Sequences.Vector::valid).map(v -> v.bytes().length))
                .containsExactly(2, 5, 7, 9, 11);
    }
}
