package bot

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// A peer thread is named from the question it hangs on, redacted and
// clipped, so that a channel's threads can be told apart in the sidebar.
// The thread is opened by a job a moment after triage; the start of the
// question waits for it here, in memory only (never in the database, never
// in a log), so the job need not fetch the message again. A thread whose
// question is no longer here (the bot restarted in between) is named
// "Peer support".

// defaultThreadName is a peer thread's name when its question gives none,
// in the server's language.
var defaultThreadName = N("Peer support")

const (
	// maxThreadName is the length of a thread name, in characters, well
	// under Discord's 100 so the sidebar shows most of it.
	maxThreadName = 60
	// peerNameSource is how much of a question is kept for its name, in
	// bytes.
	peerNameSource = 400
	// maxPeerNames bounds the questions waiting for their threads.
	maxPeerNames = 4096
)

// peerNames holds the start of each question whose thread is not open yet,
// by message ID.
type peerNames struct {
	mu    sync.Mutex
	text  map[string]string
	order []string // message IDs in the order they came, for the bound
}

func (p *peerNames) put(messageID, text string) {
	if len(text) > peerNameSource {
		text = text[:peerNameSource]
		for len(text) > 0 && !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.text == nil {
		p.text = map[string]string{}
	}
	if _, ok := p.text[messageID]; !ok {
		p.order = append(p.order, messageID)
	}
	p.text[messageID] = text
	for len(p.order) > maxPeerNames {
		delete(p.text, p.order[0])
		p.order = p.order[1:]
	}
}

// take returns and forgets the question's start.
func (p *peerNames) take(messageID string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	text, ok := p.text[messageID]
	delete(p.text, messageID)
	if len(p.text) == 0 {
		p.order = p.order[:0]
	}
	return text, ok
}

var (
	// Discord markup that means nothing in a thread name: custom emoji,
	// mentions and timestamps the redactor left, formatting characters.
	threadMarkupRe = regexp.MustCompile(`<a?:(\w{2,32}):\d+>|<[@#][!&]?\d+>|<t:-?\d+(?::\w)?>`)
	threadFormat   = strings.NewReplacer("**", "", "__", "", "~~", "", "||", "", "`", "", "*", "", "_", " ", ">", "", "#", "")
)

// threadName makes a thread name of redacted question text: on one line,
// without markup, clipped at a word to maxThreadName characters; the
// default name in l when nothing is left.
func threadName(l Lang, redacted string) string {
	s := threadMarkupRe.ReplaceAllStringFunc(redacted, func(m string) string {
		if sm := threadMarkupRe.FindStringSubmatch(m); sm[1] != "" {
			return ":" + sm[1] + ":"
		}
		return ""
	})
	s = strings.Join(strings.Fields(threadFormat.Replace(s)), " ")
	if s == "" {
		return defaultThreadName.In(l)
	}
	if utf8.RuneCountInString(s) <= maxThreadName {
		return s
	}
	r := []rune(s)[:maxThreadName-1]
	if i := strings.LastIndexByte(string(r), ' '); i > maxThreadName/2 {
		return strings.TrimRight(string(r)[:i], " ,.;:-") + "…"
	}
	return string(r) + "…"
}
