package dev.polarflux.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's Spring snippets are the code the tests run: each class shown is in the test sources
 * (whitespace aside), and each import it shows is one the source makes.
 */
class ReadmeSpringTest {

  @ParameterizedTest
  @CsvSource({
    "class KeysController, src/test/java/dev/polarflux/spring/app/KeysApplication.java",
    "class PolarTestServerConfiguration, src/test/java/dev/polarflux/spring/ShutdownTest.java"
  })
  void snippet_isTheTestedCode(String marker, String source) throws IOException {
    String snippet =
        springBlocks().stream().filter(b -> b.contains(marker)).findFirst().orElseThrow();
    String code = Files.readString(Path.of(source));

    // A type of the source's own package needs no import there.
    String ownPackage = code.lines().findFirst().orElseThrow().replace("package ", "import ");
    List<String> imports =
        snippet
            .lines()
            .filter(l -> l.startsWith("import "))
            .filter(
                l ->
                    !l.matches(
                        java.util.regex.Pattern.quote(ownPackage.replace(";", ".")) + "[A-Z]\\w*;"))
            .toList();
    assertThat(snippet).contains("import ");
    assertThat(code.lines().toList()).containsAll(imports);
    String body = String.join("\n", snippet.lines().filter(l -> !l.startsWith("import ")).toList());
    assertThat(normalize(code)).contains(normalize(body));
  }

  /** The Java blocks of the README's Spring section. */
  private static List<String> springBlocks() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int from = readme.indexOf("## Spring Boot and WebFlux");
    String section = readme.substring(from, readme.indexOf("\n## ", from + 1));
    List<String> blocks = new ArrayList<>();
    int at = 0;
    while ((at = section.indexOf("```java\n", at)) >= 0) {
      int end = section.indexOf("```", at + 8);
      blocks.add(section.substring(at + 8, end));
      at = end + 3;
    }
    return blocks;
  }

  /** Code without whitespace, and without {@code static}, which nesting in a test adds. */
  private static String normalize(String code) {
    return code.replace("static ", "").replaceAll("\\s+", "");
  }
}
