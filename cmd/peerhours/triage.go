package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/peerhours/peerhours/bot/redact"
	"github.com/peerhours/peerhours/bot/triage"
)

// triageLine is one output line of `peerhours triage`.
type triageLine struct {
	ID       string          `json:"id"`
	Category triage.Category `json:"category"`
	Reasons  []string        `json:"reasons"`
}

// opinion is the LLM's second opinion, when --llm asks for it.
type opinion func(ctx context.Context, redactedText string) (triage.Category, error)

// triageCmd classifies messages from stdin, one a line, as plain text or as
// JSON {"id": "...", "text": "..."}, and writes one JSON object a line.
// Plain lines are numbered from 1. With --llm the LLM may raise a category,
// never lower it; it sees only redacted text.
func triageCmd(ctx context.Context, args []string, lookup func(string) (string, bool), stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("triage", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	useLLM := fs.Bool("llm", false, "ask the configured LLM for a second opinion")
	if err := fs.Parse(args); err != nil {
		return usageError("triage: " + err.Error())
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("triage takes no arguments, got %q", fs.Arg(0)))
	}
	var second opinion
	if *useLLM {
		cfg, err := loadConfig(lookup)
		if err != nil {
			return err
		}
		if !cfg.LLMEnabled() {
			return &ConfigError{Var: "OPENAI_API_KEY", Problem: "triage --llm needs OPENAI_API_KEY or OPENAI_BASE_URL"}
		}
		second = newTriageLLM(cfg)
	}
	redactor := redact.New(nil)

	in := bufio.NewReader(stdin)
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	n := 0
	for {
		line, err := in.ReadString('\n')
		if line = strings.TrimRight(line, "\r\n"); strings.TrimSpace(line) != "" {
			n++
			id, text := parseTriageLine(line, n)
			d := triage.Classify(text)
			if second != nil && d.Category != triage.Emergency {
				if c, err := second(ctx, redactor.Redact(text)); err == nil && c.Valid() && c > d.Category {
					d = triage.Decision{Category: c, Reasons: append(d.Reasons, "llm."+c.String())}
				}
			}
			if d.Reasons == nil {
				d.Reasons = []string{}
			}
			if werr := enc.Encode(triageLine{ID: id, Category: d.Category, Reasons: d.Reasons}); werr != nil {
				return werr
			}
			// Answer each line as soon as no more input is waiting, so that
			// a pipe fed slowly (tail -f) sees its answers as it goes.
			if in.Buffered() == 0 {
				if werr := out.Flush(); werr != nil {
					return werr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading stdin: %w", err)
		}
	}
}

// parseTriageLine reads a line as {"id", "text"} JSON when it is that, and
// as plain text otherwise (a message may well start with a brace).
func parseTriageLine(line string, n int) (id, text string) {
	if strings.HasPrefix(strings.TrimSpace(line), "{") {
		var v struct {
			ID   json.RawMessage `json:"id"`
			Text *string         `json:"text"`
		}
		if json.Unmarshal([]byte(line), &v) == nil && v.Text != nil {
			// a string ID as its text, a number as written
			if json.Unmarshal(v.ID, &id) != nil {
				id = string(v.ID)
			}
			if id == "" || id == "null" {
				id = strconv.Itoa(n)
			}
			return id, *v.Text
		}
	}
	return strconv.Itoa(n), line
}
