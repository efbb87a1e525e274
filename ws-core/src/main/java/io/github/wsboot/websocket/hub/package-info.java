/**
 * Broadcast: a {@link io.github.wsboot.websocket.hub.Hub} keeps topics and their members (gorilla's chat hub),
 * encodes each published message once and queues it per member in a bounded
 * {@link io.github.wsboot.websocket.hub.SendQueue}, so a slow member is cut off by its
 * {@link io.github.wsboot.websocket.hub.OverflowPolicy} instead of stalling the others. A
 * {@link io.github.wsboot.websocket.hub.HubBroker} carries messages to other instances (the starter's Redis
 * relay); {@link io.github.wsboot.websocket.hub.HubObserver} reports what the hub does.
 */
@NullMarked
package io.github.wsboot.websocket.hub;

import org.jspecify.annotations.NullMarked;
