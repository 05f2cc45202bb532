package com.arpgstudio.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code arpg serve} on the fixture models: it serves until stopped, and refuses what it must. */
@ReferenceFixtures.Needed
@ExtendWith(PrivateArpgHome.class)
class ServeCommandTest {

    private static final String MODEL =
            ReferenceFixtures.dir().toString();

    @Test
    void servesTheModelUntilStopped() throws Exception {
        CommandLine cli = ArpgCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        ServeCommand serve = (ServeCommand) cli.getSubcommands().get("serve").getCommand();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> cli.execute("serve", "--model", MODEL, "--device", "cpu", "--port", "0"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Matcher url = Pattern.compile("listening on (http://\\S+)").matcher("");
        while (!url.reset(err.toString()).find()) {
            assertTrue(System.nanoTime() < deadline && !status.isDone(), "no server started: " + err);
            Thread.sleep(20);
        }
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url.group(1) + "/api/v1/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"id\":\"" + MODEL.replace("\\", "\\\\") + "\""), health.body());
        serve.server.close();
        assertEquals(ExitCode.OK.status(), status.get(60, TimeUnit.SECONDS));
    }

    @Test
    void anotherHostNeedsATokenAndABusyPortIsReported() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = ArpgCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(ExitCode.USAGE.status(), cli.execute("serve", "--model", MODEL, "--host", "0.0.0.0"));
        assertTrue(err.toString().contains("needs a token"), err.toString());
        assertEquals(ExitCode.USAGE.status(), cli.execute("serve", "--model", MODEL, "--token", "short"));
        assertTrue(err.toString().contains("at least 16 characters"), err.toString());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(ExitCode.CANNOT_LISTEN.status(), cli.execute("serve", "--model", MODEL, "--device", "cpu",
                    "--port", Integer.toString(taken.getLocalPort())));
            assertTrue(err.toString().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), err.toString());
        }
    }
}
