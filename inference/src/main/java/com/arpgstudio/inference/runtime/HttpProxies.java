package com.arpgstudio.inference.runtime;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy settings users give command-line tools, as a {@link ProxySelector} for the JDK's
 * HttpClient: {@code https_proxy}/{@code HTTPS_PROXY} for https addresses, {@code http_proxy}/
 * {@code HTTP_PROXY} for http ones, {@code all_proxy}/{@code ALL_PROXY} for both when those are
 * unset (lower case wins, as in curl), and {@code no_proxy}/{@code NO_PROXY}: host names, domain
 * suffixes ({@code example.com} and {@code .example.com} both cover {@code a.example.com}),
 * addresses, each optionally with {@code :port}, or {@code *} for every host.
 *
 * <p>A proxy is {@code [http://][user:password@]host[:port]} (port 80 when absent); its password,
 * if any, answers the proxy's request for one. A value that is not such an address is not silently
 * ignored: {@link #problem(URI)} names it and downloads through it fail with that message.
 */
public final class HttpProxies extends ProxySelector {

    /** One configured proxy and the variable that set it. */
    public record Route(String variable, String host, int port, String user, String password) {
        /** "proxy.example:3128 (from HTTPS_PROXY)", without the password. */
        public String describe() {
            return host + ":" + port + " (from " + variable + ")";
        }
    }

    private static final int DEFAULT_PORT = 80;

    private final Setting http;
    private final Setting https;
    private final List<String> noProxy;

    /** A variable's parsed value: a route, or why its value is unusable. */
    private record Setting(Route route, String problem) {
        static final Setting NONE = new Setting(null, null);
    }

    private HttpProxies(Setting http, Setting https, List<String> noProxy) {
        this.http = http;
        this.https = https;
        this.noProxy = noProxy;
    }

    /** The proxies of this process's environment. */
    public static HttpProxies fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static HttpProxies fromEnvironment(Map<String, String> env) {
        Setting all = setting(env, "all_proxy", "ALL_PROXY", Setting.NONE);
        Setting http = setting(env, "http_proxy", "HTTP_PROXY", all);
        Setting https = setting(env, "https_proxy", "HTTPS_PROXY", all);
        List<String> noProxy = new ArrayList<>();
        String exclusions = firstSet(env, "no_proxy", "NO_PROXY");
        if (exclusions != null) {
            for (String entry : exclusions.split("[,\\s]+")) {
                String host = entry.trim().toLowerCase(Locale.ROOT);
                host = host.startsWith("*.") ? host.substring(2) : host.startsWith(".") ? host.substring(1) : host;
                if (!host.isEmpty()) {
                    noProxy.add(host);
                }
            }
        }
        return new HttpProxies(http, https, List.copyOf(noProxy));
    }

    /** The proxy a request to this address goes through, if any. */
    public Optional<Route> route(URI uri) {
        Setting setting = settingFor(uri);
        return setting.route == null || bypassed(uri) ? Optional.empty() : Optional.of(setting.route);
    }

    /** Why the proxy setting that applies to this address cannot be used, or null when it can. */
    public String problem(URI uri) {
        Setting setting = settingFor(uri);
        return setting.problem == null || bypassed(uri) ? null : setting.problem;
    }

    @Override
    public List<Proxy> select(URI uri) {
        return route(uri).map(r -> List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(r.host, r.port))))
                .orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // There is no second proxy to try: the download reports the failure with the proxy's name.
    }

    /** Answers a proxy's request for credentials with those in its address; null when there are none. */
    public Authenticator authenticator() {
        if ((http.route == null || http.route.user == null) && (https.route == null || https.route.user == null)) {
            return null;
        }
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                for (Setting setting : List.of(https, http)) {
                    Route r = setting.route;
                    if (r != null && r.user != null && r.host.equalsIgnoreCase(getRequestingHost())
                            && r.port == getRequestingPort()) {
                        return new PasswordAuthentication(r.user, r.password.toCharArray());
                    }
                }
                return null;
            }
        };
    }

    private Setting settingFor(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
    }

    private boolean bypassed(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String name = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).matches("\\d{1,5}")) {
                if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                    continue;
                }
                name = entry.substring(0, colon);
            }
            if (host.equals(name) || host.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }

    private static Setting setting(Map<String, String> env, String lower, String upper, Setting fallback) {
        String variable = env.get(lower) != null && !env.get(lower).isBlank() ? lower : upper;
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return new Setting(parse(variable, value.trim()), null);
        } catch (IllegalArgumentException e) {
            return new Setting(null, variable + " is set to '" + Texts.printable(value) + "', which is not a proxy "
                    + "address: " + e.getMessage() + ". Expected http://[user:password@]host:port; fix or unset it");
        }
    }

    private static Route parse(String variable, String value) {
        String text = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(scheme + " proxies are not supported (only plain http:// proxies, "
                    + "which carry https downloads through a tunnel)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host name");
        }
        String user = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        return new Route(variable, uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : DEFAULT_PORT, user, password);
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
