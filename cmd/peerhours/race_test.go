//go:build race

package main

// summaryMargin: under the race detector Go code runs 2-20 times slower
// (the Go documentation's range; the top of it here, where large JSON
// bodies are encoded and decoded), beside other test binaries on two cores.
const summaryMargin = 20
