package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

const usage = `peerhours — a Discord bot for health peer-support communities.

Usage:
  peerhours sandbox [--reset]
                         try it without Discord: the real bot on an embedded
                         Discord emulator with a demo server, and a web page
                         (SANDBOX_ADDR) to be a patient, clinician or moderator;
                         state persists in SANDBOX_DB, --reset starts over
  peerhours [run]        connect to Discord and serve (needs DISCORD_TOKEN); on
                         PostgreSQL (DATABASE_URL) only while no other process
                         with the same database serves: the others stand by and
                         one takes over within seconds when it dies or is cut
                         off; a process that loses the lead exits with status 1
  peerhours triage [--llm]
                         classify messages from stdin (one a line, plain text or
                         {"id": "...", "text": "..."}) and print one JSON object a line:
                         {"id", "category": emergency|clinical|peer|none, "reasons"};
                         rules and learned layer, offline, unless --llm (the LLM
                         may raise a category; in the bot, an emergency only the
                         LLM saw pages moderators privately and never posts a
                         crisis reply); lines the LLM failed on keep the rules'
                         answer, stderr says why, and the exit status is 1
  peerhours migrate      apply database migrations and print the schema version
  peerhours audit verify check the audit log's hash chain in the database
                         (DATABASE_PATH, or DATABASE_URL); exits 1 naming the
                         first altered or missing row
  peerhours version      print the version
  peerhours help         print this help

Settings come from the environment, then from a .env file in the working
directory or beside the binary (the environment wins). A missing or malformed
setting stops the program with exit status 2 and one line naming it; a key in
.env that looks like a setting but is none (DISCORD_TOKN) gets a warning.
`

func printHelp(w io.Writer) {
	fmt.Fprint(w, usage)
	fmt.Fprintln(w, "\nSettings:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range settings() {
		def := s.def
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.name, def, strings.ReplaceAll(s.about, "\t", " "))
	}
	tw.Flush()
}
