package dev.poolkit.pool.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/keyed.md} shows only code that compiles and runs: every {@code java} block in it is,
 * line for line (indentation aside), part of {@link KeyedExamplesTest} or {@code SharedExamplesTest}.
 */
class KeyedGuideTest {

    private static final Path GUIDE = Path.of("..", "docs", "keyed.md");
    private static final List<Path> EXAMPLES = List.of(
            Path.of("src/test/java/dev/poolkit/pool/keyed/KeyedExamplesTest.java"),
            Path.of("src/test/java/dev/poolkit/pool/shared/SharedExamplesTest.java"));

    private static List<String> stripped(String text) {
        return text.lines().map(String::strip).toList();
    }

    @Test
    void everyJavaBlockOfTheGuide_isCodeOfAnExampleTest() throws IOException {
        List<List<String>> sources = new ArrayList<>();
        for (Path example : EXAMPLES) {
            sources.add(stripped(Files.readString(example)));
        }
        Matcher block = Pattern.compile("(?s)```java\\n(.*?)\\n```").matcher(Files.readString(GUIDE));
        int blocks = 0;
        while (block.find()) {
            List<String> lines = stripped(block.group(1));
            assertThat(sources)
                    .as("a source holding the guide's block%n%s", block.group(1))
                    .anySatisfy(source -> assertThat(Collections.indexOfSubList(source, lines))
                            .isNotNegative());
            blocks++;
        }
        assertThat(blocks).as("java blocks in the guide").isGreaterThanOrEqualTo(4);
    }
}
