package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/redact"
	"github.com/peerhours/peerhours/bot/triage"
	"github.com/peerhours/peerhours/llm"
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
// never lower it; it sees only redacted text. A line the LLM gave no
// opinion on keeps the rules' answer, and the command then says so on
// stderr and exits 1; an endpoint that cannot be reached (or refuses the
// key) is not asked again for the lines after. opts tune the LLM client
// (tests replace its sleep between retries).
func triageCmd(ctx context.Context, args []string, lookup func(string) (string, bool), stdin io.Reader, stdout, stderr io.Writer, opts ...llm.Option) error {
	fs := flag.NewFlagSet("triage", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	useLLM := fs.Bool("llm", false, "ask the configured LLM for a second opinion")
	if err := fs.Parse(args); err != nil {
		return usageError("triage: " + err.Error())
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("triage reads messages from stdin, one a line, not from arguments (got %q); for example: echo 'I took 30 pills' | peerhours triage", fs.Arg(0)))
	}
	var second opinion
	var endpoint string
	if *useLLM {
		cfg, err := loadConfig(lookup)
		if err != nil {
			return err
		}
		if !cfg.LLMEnabled() {
			return &ConfigError{Var: "OPENAI_API_KEY", Problem: "triage --llm needs OPENAI_API_KEY or OPENAI_BASE_URL"}
		}
		second, endpoint = newTriageLLM(cfg, opts...), llmEndpoint(cfg)
	}
	if isTerminal(stdin) {
		fmt.Fprintln(stderr, "peerhours triage: reading messages from stdin, one a line; Ctrl+D ends (or pipe text in: echo 'some text' | peerhours triage)")
	}
	redactor := redact.New(nil)
	var missed llmMisses

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
			if *useLLM && second == nil && d.Category != triage.Emergency {
				missed.skipped++
			}
			if second != nil && d.Category != triage.Emergency {
				c, err := second(ctx, redactor.Redact(text))
				switch {
				case err == nil && c.Valid() && c > d.Category:
					d = triage.Decision{Category: c, Reasons: append(d.Reasons, "llm."+c.String())}
				case err != nil && bot.ErrorMessage(err) != "suspect_input":
					// (a message that talks to the model is left to the
					// rules on purpose, as in the bot)
					kind := bot.ErrorMessage(err)
					missed.add(id, kind)
					if llmUnreachable(kind) {
						out.Flush()
						fmt.Fprintf(stderr, "peerhours triage: the LLM at %s %s; it is not asked again, and the lines from %s on have the rules' answer only\n", endpoint, describeLLMKind(kind), id)
						second = nil
					}
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
			if missed.n > 0 {
				if werr := out.Flush(); werr != nil {
					return werr
				}
				return missed.err(n)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading stdin: %w", err)
		}
	}
}

// llmMisses counts the lines the LLM gave no opinion on, by failure kind,
// and those it was not asked about once it was given up on.
type llmMisses struct {
	n       int
	first   string // the first such line's ID
	kinds   map[string]int
	skipped int
}

func (m *llmMisses) add(id, kind string) {
	if m.kinds == nil {
		m.kinds = map[string]int{}
	}
	if m.n == 0 {
		m.first = id
	}
	m.n++
	m.kinds[kind]++
}

func (m *llmMisses) err(lines int) error {
	var kinds []string
	for k, c := range m.kinds {
		kinds = append(kinds, fmt.Sprintf("%s ×%d", k, c))
	}
	sort.Strings(kinds)
	what := fmt.Sprintf("the LLM gave no second opinion on %d of %d lines (%s; the first was line %s)", m.n, lines, strings.Join(kinds, ", "), m.first)
	if m.skipped > 0 {
		what += fmt.Sprintf(" and was not asked about %d after", m.skipped)
	}
	return fmt.Errorf("triage --llm: %s; those lines have the rules' answer only", what)
}

// llmUnreachable reports a failure that the next line would meet too: the
// endpoint is down or unreachable, does not answer in time, refuses the
// key, or refuses the request itself. Asking again would only make every
// line wait for its retries.
func llmUnreachable(kind string) bool {
	switch llm.Kind(kind) {
	case llm.KindUnavailable, llm.KindTimeout, llm.KindAuth, llm.KindBadRequest, llm.KindNotConfigured:
		return true
	}
	return false
}

func describeLLMKind(kind string) string {
	switch llm.Kind(kind) {
	case llm.KindUnavailable:
		return "could not be reached (unavailable)"
	case llm.KindTimeout:
		return "did not answer within LLM_TIMEOUT (timeout)"
	case llm.KindAuth:
		return "refused the key, OPENAI_API_KEY (auth)"
	case llm.KindBadRequest:
		return "refused the request; check OPENAI_MODEL (bad request)"
	case llm.KindNotConfigured:
		return "is not configured correctly (not configured)"
	}
	return "failed (" + kind + ")"
}

// llmEndpoint names the endpoint for a message: the base URL without any
// user or password in it, or OpenAI's.
func llmEndpoint(cfg Config) string {
	if cfg.OpenAIBaseURL == "" {
		return "https://api.openai.com/v1 (OpenAI)"
	}
	u, err := url.Parse(cfg.OpenAIBaseURL)
	if err != nil {
		return "OPENAI_BASE_URL"
	}
	u.User = nil
	return u.String()
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
