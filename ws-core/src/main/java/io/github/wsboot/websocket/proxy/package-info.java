/**
 * Client proxies for {@link io.github.wsboot.websocket.Dialer.Builder#proxy}: {@link
 * io.github.wsboot.websocket.proxy.Proxies} makes the proxy function (from the environment, from Java's
 * {@link java.net.ProxySelector}, or one fixed proxy), and a proxy that refuses the tunnel or breaks its
 * protocol raises {@link io.github.wsboot.websocket.proxy.ProxyException}. The HTTP CONNECT and SOCKS5
 * protocols themselves are internal.
 */
package io.github.wsboot.websocket.proxy;
