package com.arpgstudio.inference;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * The reference fixtures (tiny models and the official code's outputs, made by {@code training/}):
 * the one folder every fixture test reads, {@value #PROPERTY} (the build sets it; CI has it). In a
 * clone without it, a test or class marked {@link Needed} is skipped by an assumption that names the
 * missing folder, and {@code .ci/run} fails on such a skip.
 */
public final class ReferenceFixtures {

    public static final String PROPERTY = "arpg.reference";
    /** The start of the skip message, which {@code .ci/run} looks for in the test reports. */
    public static final String MISSING = "reference fixtures missing";
    private static final Path DIR = Path.of(System.getProperty(PROPERTY, "../shared/fixtures/arpg-reference"));

    private ReferenceFixtures() {}

    /** The fixture folder (present or not: a test that reads it is marked {@link Needed}). */
    public static Path dir() {
        return DIR;
    }

    public static Path file(String name) {
        return DIR.resolve(name);
    }

    /** Skips the running test, naming the folder, unless the fixtures are there. */
    public static void assumePresent() {
        Assumptions.assumeTrue(Files.isDirectory(DIR), () -> MISSING + ": no folder "
                + DIR.toAbsolutePath().normalize() + " (-D" + PROPERTY + "=FOLDER names another)");
    }

    /** A test class or method that reads the fixtures: skipped, by {@link #assumePresent()}, without them. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ExtendWith(Check.class)
    public @interface Needed {}

    /**
     * Skips each test, not the class: a class aborted in {@code @BeforeAll} vanishes from the test
     * reports (no test, no skip, no message). So without the fixtures the class's
     * {@code @BeforeAll}, {@code @AfterEach} and {@code @AfterAll} methods are not run, and every
     * test is skipped by the assumption, before its instance is made and before its
     * {@code @BeforeEach} methods. On a class, this extension must come before others that use
     * the fixtures (TestFX's {@code @Start}): put the annotation first.
     */
    static final class Check implements TestInstancePreConstructCallback, BeforeEachCallback, InvocationInterceptor {

        @Override
        public void preConstructTestInstance(TestInstanceFactoryContext factory, ExtensionContext context) {
            assumePresent();
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            assumePresent();
        }

        @Override
        public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                ExtensionContext context) throws Throwable {
            proceedIfPresent(invocation);
        }

        @Override
        public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                ExtensionContext context) throws Throwable {
            proceedIfPresent(invocation);
        }

        @Override
        public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                ExtensionContext context) throws Throwable {
            proceedIfPresent(invocation);
        }

        private static void proceedIfPresent(Invocation<Void> invocation) throws Throwable {
            if (Files.isDirectory(DIR)) {
                invocation.proceed();
            } else {
                invocation.skip();
            }
        }
    }
}
