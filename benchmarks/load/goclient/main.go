// Second, independent load client for the load benchmark: the same modes, options and RESULT keys as the
// project's Java client (io.github.wsboot.benchmarks.load.LoadClient), written the way gorilla/websocket users
// write a client: gorilla's Dialer, one goroutine per connection, WriteMessage / NextReader. run-matrix.sh runs
// every cell with both clients against the same server process, so a figure cannot be an artefact of one
// client's I/O model (the Java client is one NIO selector thread writing pre-masked frames).
//
//	--mode echo      --conns N --size B --type text|binary [--depth D]  closed-loop echo on /echo, D in flight per connection
//	--mode idle      --conns N [--concurrency C] [--hold-file F]        opens N connections (handshakes/s), prints READY,
//	                                                                    holds them until file F exists, then closes
//	--mode broadcast --conns N --size B                                 N subscribers + 1 publisher on /broadcast;
//	                                                                    one broadcast in flight; deliveries/s and time to last delivery
//	common: --host --port --path --warmup S --duration S --server-pid P (server CPU from /proc) --clk-tck 100
//
// Prints one line "RESULT mode=<mode> key=value ..." with the Java client's keys. Latencies are recorded in
// microseconds in a log-linear histogram of 128 sub-buckets per power of two (under 1 % error, like the Java
// client's HdrHistogram with 2 significant digits); a percentile is the highest value of its bucket.
//
// Built by benchmarks/load/run-matrix.sh against Debian's golang-github-gorilla-websocket-dev (GO111MODULE=off).
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/bits"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// ---- options --------------------------------------------------------------------------------------------

var (
	mode        = flag.String("mode", "echo", "echo, idle or broadcast")
	host        = flag.String("host", "127.0.0.1", "server host")
	port        = flag.Int("port", 8080, "server port")
	path        = flag.String("path", "", "request path (default /echo, /broadcast for broadcast)")
	conns       = flag.Int("conns", 1, "connections (subscribers for broadcast)")
	size        = flag.Int("size", 32, "message size in bytes")
	msgType     = flag.String("type", "text", "text or binary")
	depth       = flag.Int("depth", 1, "echo: messages in flight per connection")
	warmup      = flag.Float64("warmup", 3, "seconds of warmup before the measured window")
	duration    = flag.Float64("duration", 5, "seconds measured")
	concurrency = flag.Int("concurrency", 100, "handshakes in flight at most")
	serverPid   = flag.Int("server-pid", 0, "server process id, for its CPU time from /proc (0: none)")
	clkTck      = flag.Int("clk-tck", 100, "the kernel's USER_HZ (getconf CLK_TCK)")
	holdFile    = flag.String("hold-file", "", "idle: hold the connections until this file exists")
	holdTimeout = flag.Float64("hold-timeout", 600, "idle: hold at most this many seconds")
)

// ---- clocks ---------------------------------------------------------------------------------------------

var epoch = time.Now()

// now is monotonic nanoseconds since the start of the process.
func now() int64 { return int64(time.Since(epoch)) }

// cpuNanos is utime + stime of process pid from /proc/<pid>/stat, in nanoseconds.
func cpuNanos(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		fail("reading CPU time: %v", err)
	}
	s := string(b)
	// The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return (utime + stime) * (1_000_000_000 / int64(*clkTck))
}

// ---- histogram ------------------------------------------------------------------------------------------

const (
	subBits    = 7 // 128 sub-buckets per power of two above 256 µs
	linear     = 2 << subBits
	maxMicros  = 60_000_000
	numBuckets = linear + 32<<subBits
)

type histogram struct{ counts [numBuckets]uint64 }

func bucket(v int64) int {
	if v < linear {
		return int(v)
	}
	e := bits.Len64(uint64(v)) - (subBits + 1) // v>>e in [128, 255]
	return linear + (e-1)<<subBits + int(v>>e) - 1<<subBits
}

// highest is the largest value that falls into bucket i.
func highest(i int) int64 {
	if i < linear {
		return int64(i)
	}
	e := (i-linear)>>subBits + 1
	m := int64((i-linear)&(1<<subBits-1) + 1<<subBits)
	return (m+1)<<e - 1
}

func (h *histogram) record(nanos int64) {
	v := nanos / 1000
	if v < 1 {
		v = 1
	}
	if v > maxMicros {
		v = maxMicros
	}
	atomic.AddUint64(&h.counts[bucket(v)], 1)
}

// percentile as HdrHistogram's getValueAtPercentile: the first value whose cumulative count reaches p % of all.
func (h *histogram) percentile(p float64) int64 {
	var total uint64
	for i := range h.counts {
		total += atomic.LoadUint64(&h.counts[i])
	}
	if total == 0 {
		return 0
	}
	want := uint64(math.Ceil(p / 100 * float64(total)))
	if want < 1 {
		want = 1
	}
	var seen uint64
	for i := range h.counts {
		seen += atomic.LoadUint64(&h.counts[i])
		if seen >= want {
			return highest(i)
		}
	}
	return highest(numBuckets - 1)
}

// ---- measurement window ---------------------------------------------------------------------------------

// window counts messages and latencies between start and stop; goroutines record into it concurrently.
type window struct {
	hist      atomic.Pointer[histogram] // nil outside the window
	messages  atomic.Int64              // since start (reset at start)
	progress  atomic.Int64              // since the process started, for the stall check
	final     *histogram
	count     int64
	startAt   int64
	elapsed   int64
	selfCpu   int64
	serverCpu int64
}

var win window

func (w *window) record(latency int64, messages int64) {
	if h := w.hist.Load(); h != nil && latency >= 0 {
		h.record(latency)
	}
	w.messages.Add(messages)
	w.progress.Add(messages)
}

func (w *window) start() {
	w.selfCpu = cpuNanos(os.Getpid())
	if *serverPid > 0 {
		w.serverCpu = cpuNanos(*serverPid)
	}
	w.messages.Store(0)
	w.hist.Store(&histogram{})
	w.startAt = now()
}

func (w *window) stop() {
	w.elapsed = now() - w.startAt
	w.count = w.messages.Load()
	w.final = w.hist.Swap(nil)
	w.selfCpu = cpuNanos(os.Getpid()) - w.selfCpu
	if *serverPid > 0 {
		w.serverCpu = cpuNanos(*serverPid) - w.serverCpu
	} else {
		w.serverCpu = -1
	}
}

// figures: the Java client's Window.figures keys, in its order and number formats.
func (w *window) figures(countName string) string {
	secs := float64(w.elapsed) / 1e9
	var p50, p99 int64
	if w.final != nil {
		p50, p99 = w.final.percentile(50), w.final.percentile(99)
	}
	s := fmt.Sprintf("%s=%d rate=%.1f p50_us=%d p99_us=%d client_cpu_pct=%.1f",
		countName, w.count, float64(w.count)/secs, p50, p99, 100*float64(w.selfCpu)/float64(w.elapsed))
	if w.serverCpu >= 0 {
		per := 0.0
		if w.count > 0 {
			per = float64(w.serverCpu) / 1000 / float64(w.count)
		}
		s += fmt.Sprintf(" server_cpu_pct=%.1f server_cpu_us_per_msg=%.3f", 100*float64(w.serverCpu)/float64(w.elapsed), per)
	}
	return s
}

// run: warmup, then the measured window; fails if nothing at all arrives for 10 s.
func run() {
	stallCheck := func(until int64) {
		last, lastAt := int64(-1), now()
		for now() < until {
			time.Sleep(10 * time.Millisecond)
			if p := win.progress.Load(); p != last {
				last, lastAt = p, now()
			} else if now()-lastAt > 10_000_000_000 {
				fail("no message for 10 s: the server stalled")
			}
		}
	}
	stallCheck(now() + int64(*warmup*1e9))
	win.start()
	stallCheck(now() + int64(*duration*1e9))
	win.stop()
	if win.count == 0 {
		fail("no message in the measured window")
	}
}

// ---- connections ----------------------------------------------------------------------------------------

var (
	stopping atomic.Bool // set before the polite close: errors from then on are expected
	readers  sync.WaitGroup
	opened   []*websocket.Conn
	openedMu sync.Mutex
)

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "goclient: "+format+"\n", args...)
	os.Exit(1)
}

// connErr ends the run on an error while measuring; after stop it is the close handshake's end.
func connErr(err error) {
	if !stopping.Load() {
		fail("connection: %v", err)
	}
}

func target(fallback string) string {
	p := *path
	if p == "" {
		p = fallback
	}
	u := url.URL{Scheme: "ws", Host: *host + ":" + strconv.Itoa(*port), Path: p}
	return u.String()
}

// dialer: gorilla's defaults (4 KiB buffers, no compression) except that the write buffer holds a whole message,
// so each message goes out as one frame like the Java client's: with a smaller buffer gorilla fragments a
// message into buffer-sized frames, a different workload (and one the Netty benchmark server does not echo).
var dialer = websocket.Dialer{ReadBufferSize: 4096, WriteBufferSize: 4096, HandshakeTimeout: 60 * time.Second}

// open dials n connections, at most *concurrency handshakes at a time, and starts serve on each once open.
func open(n int, urlStr string, timeout time.Duration, serve func(i int, c *websocket.Conn)) []*websocket.Conn {
	result := make([]*websocket.Conn, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(timeout)
	workers := *concurrency
	if workers > n {
		workers = n
	}
	if workers < 1 {
		workers = 1
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if time.Now().After(deadline) {
					fail("only some of %d connections opened in %v", n, timeout)
				}
				c, resp, err := dialer.Dial(urlStr, nil)
				if err != nil {
					status := ""
					if resp != nil {
						status = " (" + resp.Status + ")"
					}
					fail("handshake refused: %v%s", err, status)
				}
				result[i] = c
				openedMu.Lock()
				opened = append(opened, c)
				openedMu.Unlock()
				readers.Add(1)
				go func() {
					defer readers.Done()
					serve(i, c)
				}()
			}
		}()
	}
	wg.Wait()
	return result
}

// closeAll closes politely, so servers see a close handshake rather than broken pipes: a close frame on every
// connection, then up to 2 s for the readers to see the server's close, then every socket is closed.
func closeAll() {
	stopping.Store(true)
	openedMu.Lock()
	all := append([]*websocket.Conn(nil), opened...)
	openedMu.Unlock()
	msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
	deadline := time.Now().Add(time.Second)
	for _, c := range all {
		_ = c.WriteControl(websocket.CloseMessage, msg, deadline)
	}
	done := make(chan struct{})
	go func() { readers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	for _, c := range all {
		_ = c.Close()
	}
}

// readOne reads one message into nothing, returning its length.
func readOne(c *websocket.Conn) (int64, error) {
	_, r, err := c.NextReader()
	if err != nil {
		return 0, err
	}
	return io.Copy(io.Discard, r)
}

func payload() (int, []byte) {
	if *size > dialer.WriteBufferSize {
		dialer.WriteBufferSize = *size
	}
	var mt int
	switch *msgType {
	case "text":
		mt = websocket.TextMessage
	case "binary":
		mt = websocket.BinaryMessage
	default:
		fail("--type must be text or binary: %s", *msgType)
	}
	p := make([]byte, *size) // printable ASCII (valid UTF-8) for text and binary alike, as the Java client
	for i := range p {
		p[i] = byte('a' + i%26)
	}
	return mt, p
}

// ---- modes ----------------------------------------------------------------------------------------------

// echo: closed loop; each connection keeps depth messages in flight and sends one per echo received.
func echo() string {
	mt, p := payload()
	d := *depth
	if d < 1 {
		d = 1
	}
	start := make(chan struct{})
	open(*conns, target("/echo"), 60*time.Second, func(_ int, c *websocket.Conn) {
		<-start
		stamps := make([]int64, d) // ring of send times, oldest first; written by this goroutine only
		head := 0
		var sendNext chan struct{}
		if d > 1 {
			// Several in flight: a writer goroutine, so a blocked write never stops this reader (gorilla
			// allows one concurrent reader and one concurrent writer).
			sendNext = make(chan struct{}, d)
			go func() {
				for range sendNext {
					if err := c.WriteMessage(mt, p); err != nil {
						connErr(err)
						return
					}
				}
			}()
		}
		t := now()
		for i := 0; i < d; i++ {
			stamps[i] = t
			if d > 1 {
				sendNext <- struct{}{}
			} else if err := c.WriteMessage(mt, p); err != nil {
				connErr(err)
				return
			}
		}
		for {
			n, err := readOne(c)
			if err != nil {
				connErr(err)
				if sendNext != nil {
					close(sendNext)
				}
				return
			}
			t := now()
			if n != int64(len(p)) && !stopping.Load() {
				fail("echo of %d bytes, sent %d", n, len(p))
			}
			win.record(t-stamps[head], 1)
			if stopping.Load() {
				continue // drain until the server's close
			}
			stamps[head] = t
			head = (head + 1) % d
			if d > 1 {
				sendNext <- struct{}{}
			} else if err := c.WriteMessage(mt, p); err != nil {
				connErr(err)
				return
			}
		}
	})
	close(start)
	run()
	closeAll()
	return fmt.Sprintf("%s conns=%d size=%d type=%s depth=%d", win.figures("messages"), *conns, *size, *msgType, d)
}

// idle: opens N connections as fast as the server accepts them, holds them for the memory probe, closes.
func idle() string {
	n := *conns
	win.start()
	open(n, target("/echo"), 300*time.Second, func(_ int, c *websocket.Conn) {
		for {
			if _, err := readOne(c); err != nil {
				connErr(err)
				return
			}
		}
	})
	win.messages.Store(int64(n))
	win.stop()
	fmt.Printf("READY %d connections open\n", n)
	if *holdFile != "" {
		deadline := time.Now().Add(time.Duration(*holdTimeout * 1e9))
		for time.Now().Before(deadline) {
			if _, err := os.Stat(*holdFile); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	closeAll()
	return strings.Replace(win.figures("handshakes"), "server_cpu_us_per_msg", "server_cpu_us_per_handshake", 1) +
		fmt.Sprintf(" conns=%d", n)
}

// broadcast: one publisher, N subscribers; the next broadcast goes out when every subscriber has the last one.
func broadcast() string {
	subs := *conns
	mt, p := payload()
	var round atomic.Int64 // broadcasts completed
	var have atomic.Int64  // subscribers that have the current one
	done := make(chan int64, 1)
	open(subs, target("/broadcast"), 120*time.Second, func(_ int, c *websocket.Conn) {
		var received int64
		for {
			n, err := readOne(c)
			if err != nil {
				connErr(err)
				return
			}
			t := now()
			if stopping.Load() {
				continue
			}
			if n != int64(len(p)) {
				fail("broadcast of %d bytes, sent %d", n, len(p))
			}
			received++
			r := round.Load()
			if received == r+1 {
				if have.Add(1) == int64(subs) {
					have.Store(0)
					round.Add(1)
					done <- t
				}
			} else if received > r+1 {
				fail("a subscriber got a broadcast that was not sent")
			}
		}
	})
	pub := open(1, target("/broadcast"), 10*time.Second, func(_ int, c *websocket.Conn) {
		for {
			if _, err := readOne(c); err != nil {
				connErr(err)
				return
			}
			if !stopping.Load() {
				fail("the server sent the publisher its own broadcast")
			}
		}
	})[0]
	time.Sleep(500 * time.Millisecond) // servers that register a connection after the handshake response
	go func() {
		for {
			sent := now()
			if err := pub.WriteMessage(mt, p); err != nil {
				connErr(err)
				return
			}
			last := <-done
			win.record(last-sent, int64(subs))
			if stopping.Load() {
				return
			}
		}
	}()
	run()
	closeAll()
	return fmt.Sprintf("%s subscribers=%d size=%d", win.figures("deliveries"), subs, *size)
}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: goclient --mode echo|idle|broadcast [--name value]...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		fail("unexpected argument: %s", flag.Arg(0))
	}
	var result string
	switch *mode {
	case "echo":
		result = echo()
	case "idle":
		result = idle()
	case "broadcast":
		result = broadcast()
	default:
		fail("--mode must be echo, idle or broadcast: %s", *mode)
	}
	fmt.Println("RESULT mode=" + *mode + " " + result)
}
