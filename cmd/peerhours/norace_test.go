//go:build !race

package main

// summaryMargin: without the race detector, a busy 2-core machine (other
// test binaries, the emulator and the fake LLM in this process) still
// slows the bot by about half again to twice; three times covers it.
const summaryMargin = 3
