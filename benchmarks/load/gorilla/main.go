// Anchor server for the load benchmark: gorilla/websocket as its users write it.
//
//	/echo       echoes every text and binary message (ReadMessage / WriteMessage, as ws's sample EchoHandler)
//	/broadcast  sends every message a connection sends to all other /broadcast connections (PreparedMessage)
//	/stats      runs a GC and prints Go heap figures (the load script's memory probe)
//
// Built by benchmarks/load/run-matrix.sh against Debian's golang-github-gorilla-websocket-dev (GO111MODULE=off).
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{
	ReadBufferSize:  4096,
	WriteBufferSize: 4096,
	CheckOrigin:     func(r *http.Request) bool { return true },
}

func echo(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	for {
		mt, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		if err := c.WriteMessage(mt, msg); err != nil {
			return
		}
	}
}

// subscriber serialises writes to one connection: gorilla allows one concurrent writer.
type subscriber struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

type room struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

func (rm *room) broadcast(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	self := &subscriber{conn: c}
	rm.mu.Lock()
	rm.subs[self] = struct{}{}
	rm.mu.Unlock()
	defer func() {
		rm.mu.Lock()
		delete(rm.subs, self)
		rm.mu.Unlock()
		c.Close()
	}()
	var targets []*subscriber
	for {
		mt, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		pm, err := websocket.NewPreparedMessage(mt, msg)
		if err != nil {
			return
		}
		targets = targets[:0]
		rm.mu.Lock()
		for s := range rm.subs {
			if s != self {
				targets = append(targets, s)
			}
		}
		rm.mu.Unlock()
		for _, s := range targets {
			s.mu.Lock()
			s.conn.WritePreparedMessage(pm)
			s.mu.Unlock()
		}
	}
}

func stats(w http.ResponseWriter, r *http.Request) {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Fprintf(w, "heap=%d stack=%d sys=%d goroutines=%d\n", m.HeapAlloc, m.StackInuse, m.Sys, runtime.NumGoroutine())
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	rm := &room{subs: map[*subscriber]struct{}{}}
	http.HandleFunc("/echo", echo)
	http.HandleFunc("/broadcast", rm.broadcast)
	http.HandleFunc("/stats", stats)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
