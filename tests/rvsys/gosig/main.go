// Signals under the Linux ABI: a nil dereference (SIGSEGV) recovered as a Go panic, a
// signal sent to the process itself and received through os/signal, runtime panics.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type T struct{ x int }

func deref(p *T) (r int, err error) {
	defer func() {
		if e := recover(); e != nil {
			err = fmt.Errorf("recovered: %v", e)
		}
	}()
	return p.x, nil
}

func main() {
	_, err := deref(nil)
	fmt.Println(err)
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	fmt.Println("got", <-c)
	// a signal sent by another goroutine while this one waits
	c2 := make(chan os.Signal, 1)
	signal.Notify(c2, syscall.SIGUSR2)
	go func() {
		time.Sleep(10 * time.Millisecond)
		syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	}()
	fmt.Println("got", <-c2)
	var m map[string]int
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		m["a"] = 1
	}()
	a := []int{1}
	i := 5
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		fmt.Println(a[i])
	}()
}
