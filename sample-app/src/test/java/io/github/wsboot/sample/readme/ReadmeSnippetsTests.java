package io.github.wsboot.sample.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the project README compiles as shown, against what an application using the
 * starter and {@code ws-spring-boot-test} has on its class path. A block declaring a type is compiled as a file;
 * a block of statements is compiled as a method body, with the variables its {@code // in scope: Type name, …}
 * line names as parameters. Each block must carry its imports.
 */
class ReadmeSnippetsTests {

    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TYPE =
            Pattern.compile("(?m)^(public |final |abstract |sealed )*(class|record|interface|enum|@interface) \\w+");
    private static final Pattern IN_SCOPE = Pattern.compile("(?m)^// in scope: (.*)$");

    @Test
    void everyJavaBlockHasItsImportsAndCompiles(@TempDir Path classes) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<JavaFileObject> units = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            String block = m.group(1);
            int n = units.size() + 1;
            assertThat(block)
                    .as("README java block %d (%s) shows its imports", n, firstLine(block))
                    .containsPattern("(?m)^import ");
            units.add(unit(n, block));
        }
        assertThat(units).as("java blocks in README.md").hasSizeGreaterThan(8);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of(
                    "-proc:none",
                    "--release",
                    "17",
                    "-Xlint:none",
                    "-d",
                    classes.toString(),
                    "-classpath",
                    System.getProperty("java.class.path"));
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units)
                    .call();
            StringBuilder errors = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.append(d.getSource().getName())
                            .append(':')
                            .append(d.getLineNumber())
                            .append(": ")
                            .append(d.getMessage(Locale.ROOT))
                            .append('\n');
                }
            }
            assertThat(errors).as("compiler errors in README snippets").isEmpty();
            assertThat(ok).isTrue();
        }
    }

    /** The block as a compilation unit of its own package, so that names do not clash between blocks. */
    private static JavaFileObject unit(int n, String block) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        String source;
        if (TYPE.matcher(body).find()) {
            source = "package readme.snippet" + n + ";\n" + imports + body;
        } else {
            Matcher scope = IN_SCOPE.matcher(body);
            String parameters = scope.find() ? scope.group(1) : "";
            source = "package readme.snippet" + n + ";\n" + imports + "class Snippet {\n    void run(" + parameters
                    + ") throws Exception {\n" + body + "\n    }\n}\n";
        }
        return new SimpleJavaFileObject(
                URI.create("string:///readme/snippet" + n + "/Snippet" + n + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
    }

    private static String firstLine(String block) {
        return block.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    }
}
