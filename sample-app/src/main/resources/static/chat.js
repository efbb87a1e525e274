// Browser side of the /chat sample: join a room with a nickname, send and receive messages and direct messages,
// show who is present, and reconnect with exponential backoff (and jitter) when the connection drops. With the
// server's Redis relay, room messages carry a position: the page keeps the last one and reconnects with
// since=<position>, so the server sends what was published meanwhile (on any instance) and the room shows no gap.
(() => {
  'use strict';

  const $ = id => document.getElementById(id);
  const BACKOFF_MIN_MS = 500;
  const BACKOFF_MAX_MS = 15000;

  let socket = null;
  let wanted = null;      // {nick, room} while the user wants to be in a room
  let attempt = 0;        // reconnect attempts since the last successful open
  let retryTimer = null;
  let lastPosition = null; // position of the last room message received, sent back as since= on reconnect

  function setStatus(text, kind) {
    $('status').textContent = text;
    $('status').className = 'status ' + (kind || '');
  }

  function setJoined(joined) {
    $('text').disabled = !joined;
    $('send-button').disabled = !joined;
    $('leave-button').disabled = !wanted;
    $('join-button').disabled = !!wanted;
    $('nick').disabled = !!wanted;
    $('room').disabled = !!wanted;
  }

  function addLine(kind, who, text, at) {
    const li = document.createElement('li');
    li.className = kind;
    if (at) {
      const time = document.createElement('time');
      time.textContent = new Date(at).toLocaleTimeString();
      li.appendChild(time);
    }
    if (who) {
      const b = document.createElement('b');
      b.textContent = who;
      li.appendChild(b);
    }
    const span = document.createElement('span');
    span.textContent = text;
    li.appendChild(span);
    $('messages').appendChild(li);
    li.scrollIntoView({ block: 'end' });
  }

  function showPresence(members) {
    const ul = $('presence');
    ul.innerHTML = '';
    for (const m of members) {
      const li = document.createElement('li');
      li.textContent = m;
      ul.appendChild(li);
    }
  }

  function url(nick, room) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const since = lastPosition ? `&since=${encodeURIComponent(lastPosition)}` : '';
    return `${scheme}//${location.host}/chat?room=${encodeURIComponent(room)}&nick=${encodeURIComponent(nick)}${since}`;
  }

  function connect() {
    if (!wanted) return;
    setStatus(attempt ? `reconnecting (attempt ${attempt})…` : 'connecting…', 'pending');
    const ws = new WebSocket(url(wanted.nick, wanted.room));
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus('connected', 'ok');
      setJoined(true);
    };
    ws.onmessage = event => {
      const msg = JSON.parse(event.data);
      switch (msg.type) {
        case 'welcome':
          $('room-title').textContent = `#${msg.room} as ${msg.nick}`;
          break;
        case 'presence':
          showPresence(msg.members);
          break;
        case 'message':
          if (msg.position) lastPosition = msg.position;
          addLine('message', msg.from, msg.text, msg.at);
          break;
        case 'direct':
          addLine('direct', `${msg.from} → ${msg.to}`, msg.text, msg.at);
          break;
        case 'missed':
          addLine('event', null, 'some messages were missed while disconnected (older than the catch-up window)');
          break;
        case 'event':
          addLine('event', null, msg.text, msg.at);
          break;
      }
    };
    ws.onclose = event => {
      if (socket !== ws) return;
      socket = null;
      setJoined(false);
      showPresence([]);
      // 1008 (policy violation) means the server refused what we sent, such as a bad nickname: retrying
      // would only repeat it.
      if (!wanted || event.code === 1008) {
        if (event.code === 1008) addLine('event', null, 'refused: ' + (event.reason || 'policy violation'));
        wanted = null;
        setJoined(false);
        setStatus('not connected');
        return;
      }
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (attempt === 0) {
        addLine('event', null, `connection lost (${event.code}${event.reason ? ': ' + event.reason : ''}); reconnecting`);
      }
      attempt++;
      setStatus(`disconnected (${event.code}); retrying in ${(delay / 1000).toFixed(1)} s`, 'error');
      retryTimer = setTimeout(connect, delay);
    };
  }

  $('join').addEventListener('submit', e => {
    e.preventDefault();
    wanted = { nick: $('nick').value.trim(), room: $('room').value.trim() };
    $('messages').innerHTML = '';
    lastPosition = null; // a new join starts live; only a reconnect catches up
    attempt = 0;
    connect();
    setJoined(false);
  });

  $('leave-button').addEventListener('click', () => {
    wanted = null;
    clearTimeout(retryTimer);
    if (socket) socket.close(1000, 'left');
    setJoined(false);
    setStatus('not connected');
  });

  $('send').addEventListener('submit', e => {
    e.preventDefault();
    const text = $('text').value;
    if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;
    const to = $('to').value.trim();
    socket.send(JSON.stringify(to ? { text, to } : { text }));
    $('text').value = '';
  });

  // ?nick=...&room=... joins at once (handy for links and tests).
  const params = new URLSearchParams(location.search);
  if (params.get('room')) $('room').value = params.get('room');
  if (params.get('nick')) {
    $('nick').value = params.get('nick');
    $('join').requestSubmit();
  }
})();
