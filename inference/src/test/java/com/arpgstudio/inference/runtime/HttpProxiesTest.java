package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpProxiesTest {

    private static final URI HUB = URI.create("https://huggingface.co/hp-l33/ARPG/resolve/main/arpg_300m.pt");
    private static final URI PLAIN = URI.create("http://mirror.example.org/x.pt");

    private static String routed(HttpProxies proxies, URI uri) {
        return proxies.route(uri).map(HttpProxies.Route::describe).orElse("direct");
    }

    @Test
    void eachSchemeHasItsVariableAndAllProxyCoversTheRest() {
        HttpProxies proxies = HttpProxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://secure:3128",
                "http_proxy", "plain:8080", "ALL_PROXY", "http://everything:1"));

        assertEquals("secure:3128 (from HTTPS_PROXY)", routed(proxies, HUB));
        assertEquals("plain:8080 (from http_proxy)", routed(proxies, PLAIN));
        assertEquals("everything:1 (from ALL_PROXY)",
                routed(HttpProxies.fromEnvironment(Map.of("ALL_PROXY", "http://everything:1")), HUB));
        assertEquals("direct", routed(HttpProxies.fromEnvironment(Map.of()), HUB));
    }

    @Test
    void lowerCaseWinsAndAMissingPortIs80() {
        HttpProxies proxies = HttpProxies.fromEnvironment(Map.of("https_proxy", "http://lower", "HTTPS_PROXY",
                "http://upper:1"));

        assertEquals("lower:80 (from https_proxy)", routed(proxies, HUB));
        assertEquals(List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("lower", 80))),
                proxies.select(HUB));
    }

    @Test
    void noProxyMatchesHostsDomainsPortsAndEverything() {
        Map<String, String> base = Map.of("HTTPS_PROXY", "http://p:1", "HTTP_PROXY", "http://p:1");
        HttpProxies proxies = HttpProxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:1", "HTTP_PROXY",
                "http://p:1", "NO_PROXY", ".example.org, huggingface.co:443 ,127.0.0.1"));

        assertEquals("direct", routed(proxies, HUB), "host with the matching port");
        assertEquals("direct", routed(proxies, PLAIN), "a subdomain of .example.org");
        assertEquals("direct", routed(proxies, URI.create("http://127.0.0.1:5000/x")));
        assertEquals("p:1 (from HTTP_PROXY)", routed(proxies, URI.create("http://huggingface.co/x")),
                "huggingface.co:443 covers port 443 only");
        assertEquals("p:1 (from HTTPS_PROXY)", routed(proxies, URI.create("https://notexample.org/x")),
                "a suffix matches whole labels only");
        assertEquals(Proxy.NO_PROXY, proxies.select(HUB).get(0));
        assertEquals("direct", routed(HttpProxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:1",
                "no_proxy", "*")), HUB));
        assertEquals("p:1 (from HTTPS_PROXY)", routed(HttpProxies.fromEnvironment(base), HUB));
    }

    @Test
    void credentialsAnswerOnlyTheProxy() {
        HttpProxies proxies = HttpProxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://al%40ice:p%3Ass@p:3128"));

        HttpProxies.Route route = proxies.route(HUB).orElseThrow();
        assertEquals("al@ice", route.user());
        assertEquals("p:ss", route.password());
        assertEquals("p:3128 (from HTTPS_PROXY)", route.describe(), "the password is never shown");
        assertNotNull(proxies.authenticator());
        assertNull(HttpProxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:1")).authenticator());
    }

    @Test
    void anUnusableValueIsNamedNotIgnored() {
        HttpProxies tls = HttpProxies.fromEnvironment(Map.of("HTTPS_PROXY", "https://p:1"));
        HttpProxies broken = HttpProxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:1\u001b]0;x\u0007 y"));

        assertTrue(tls.problem(HUB).contains("https proxies are not supported"), tls.problem(HUB));
        assertTrue(broken.problem(HUB).startsWith("HTTPS_PROXY is set to 'http://p:1\\u001b]0;x\\u0007 y'"),
                broken.problem(HUB));
        assertNull(broken.problem(PLAIN), "http addresses use HTTP_PROXY, which is unset");
        assertEquals("direct", routed(broken, HUB));
    }
}
