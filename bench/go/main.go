// Command pipebench measures Go's io.Pipe the way bench's PipeThroughput measures the Java pipes:
// a writer goroutine writes chunks of S bytes without pause, a reader reads them with a 32 KiB
// buffer, and the throughput is reported in MB/s (10^6 bytes), S in {64, 1 KiB, 8 KiB, 64 KiB,
// 1 MiB}. Like JMH with -wi W -i I -w 1s -r 1s, it runs W warm-up seconds and I measured seconds
// per size and prints the mean and the spread of the measured seconds.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

func main() {
	warmups := flag.Int("wi", 3, "warm-up iterations of one second")
	iterations := flag.Int("i", 5, "measured iterations of one second")
	sizes := flag.String("sizes", "64,1024,8192,65536,1048576", "chunk sizes in bytes")
	flag.Parse()
	fmt.Printf("# %s, GOMAXPROCS=%d\n", runtime.Version(), runtime.GOMAXPROCS(0))
	fmt.Printf("%-10s %12s %10s\n", "size", "MB/s", "+-")
	for _, s := range strings.Split(*sizes, ",") {
		size, err := strconv.Atoi(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pipebench: bad size:", s)
			os.Exit(2)
		}
		mean, spread := measure(size, *warmups, *iterations)
		fmt.Printf("%-10d %12.1f %10.1f\n", size, mean, spread)
	}
}

// measure runs one writer and one reader over an io.Pipe and samples the reader's byte count
// once a second.
func measure(size, warmups, iterations int) (float64, float64) {
	r, w := io.Pipe()
	var count atomic.Int64
	go func() {
		chunk := make([]byte, size)
		for i := range chunk {
			chunk[i] = byte(i)
		}
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 32*1024)
		for {
			n, err := r.Read(buf)
			count.Add(int64(n))
			if err != nil {
				return
			}
		}
	}()
	time.Sleep(time.Duration(warmups) * time.Second)
	samples := make([]float64, 0, iterations)
	for i := 0; i < iterations; i++ {
		start, before := time.Now(), count.Load()
		time.Sleep(time.Second)
		samples = append(samples, float64(count.Load()-before)/1e6/time.Since(start).Seconds())
	}
	r.Close()
	w.Close()
	<-done
	var sum, sq float64
	for _, s := range samples {
		sum += s
	}
	mean := sum / float64(len(samples))
	for _, s := range samples {
		sq += (s - mean) * (s - mean)
	}
	return mean, math.Sqrt(sq / float64(len(samples)))
}
