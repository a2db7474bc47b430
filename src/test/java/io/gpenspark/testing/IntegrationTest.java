package io.gpenspark.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that starts Spark, a server, a browser, a notebook or another JVM, or runs the whole
 * pipeline on real photos: run by Failsafe in {@code mvn -B verify}, left out of the quick {@code
 * mvn -B test}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
public @interface IntegrationTest {}
