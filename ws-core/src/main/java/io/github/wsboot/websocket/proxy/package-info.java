/**
 * Proxies for the {@code Dialer} (gorilla's {@code Proxy} function): {@link io.github.wsboot.websocket.proxy.Proxies}
 * chooses a proxy per URL (from the environment, a fixed URL or Java's {@code ProxySelector}), and
 * {@link io.github.wsboot.websocket.proxy.ProxyException} reports what an HTTP CONNECT or SOCKS5 proxy refused.
 */
@NullMarked
package io.github.wsboot.websocket.proxy;

import org.jspecify.annotations.NullMarked;
