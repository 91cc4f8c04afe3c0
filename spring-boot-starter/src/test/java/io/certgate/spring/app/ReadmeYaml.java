package io.certgate.spring.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Loads the {@code application.yml} example of README's "Spring Boot" section, as it stands, as the lowest
 * precedence configuration of the test application: the README shows what the tests run. (The tests override
 * only {@code certgate.trusted-ca}, whose path differs per machine.)
 */
public final class ReadmeYaml implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final Path README = Path.of("..", "README.md");

    /** The first {@code yaml} block after the heading {@code ## Spring Boot}. */
    public static String block() {
        try {
            String readme = Files.readString(README, StandardCharsets.UTF_8);
            int section = readme.indexOf("\n## Spring Boot\n");
            if (section < 0) {
                throw new IllegalStateException("README.md has no \"## Spring Boot\" section");
            }
            int start = readme.indexOf("```yaml\n", section);
            int end = readme.indexOf("```", start + 1);
            if (start < 0 || end < 0) {
                throw new IllegalStateException("README.md's Spring Boot section has no ```yaml block");
            }
            return readme.substring(start + "```yaml\n".length(), end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader()
                    .load("README.md application.yml", new ByteArrayResource(block().getBytes(StandardCharsets.UTF_8)))) {
                context.getEnvironment().getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
