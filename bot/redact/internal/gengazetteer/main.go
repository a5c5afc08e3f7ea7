// Command gengazetteer compiles the redactor's gazetteer (given names, surnames, places and the
// word lists that keep ordinary words out of them) from the raw files in
// bot/redact/internal/gazetteer/data into the hash table the redactor embeds.
//
//	go run ./bot/redact/internal/gengazetteer
//
// It is deterministic: the same raw files give the same bytes, which a test checks.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/peerhours/peerhours/bot/redact/internal/gazetteer"
)

func main() {
	data := flag.String("data", "bot/redact/internal/gazetteer/data", "folder of raw files")
	out := flag.String("out", "bot/redact/internal/gazetteer/gazetteer.bin", "table to write")
	flag.Parse()
	b, st, err := gazetteer.Build(os.DirFS(*data))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gengazetteer:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gengazetteer:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d keys (%d given names, %d surnames, %d places, %d regions, %d medical words), %d bytes\n",
		*out, st.Keys, st.Given, st.Surnames, st.Places, st.Regions, st.Medical, st.Bytes)
}
