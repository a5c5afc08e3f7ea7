package llm

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tiktoken-go/tokenizer"
)

// encoding is o200k_base, the encoding of gpt-4o and later OpenAI models.
// For other models (Llama, Qwen, Mistral behind Ollama or vLLM) the counts
// are an estimate within a few percent, which is all a chunking budget needs.
//
// The vocabulary is compiled into the binary by tiktoken-go/tokenizer, so
// counting never touches the network or the disk. Building the codec's
// tables takes a moment, so it happens once, on first use; the codec is
// read-only afterwards and safe for concurrent use.
var encoding = sync.OnceValue(func() tokenizer.Codec {
	c, err := tokenizer.Get(tokenizer.O200kBase)
	if err != nil {
		// o200k_base is built into the library; failing here means a
		// broken dependency, not bad input.
		panic("llm: o200k_base tokenizer unavailable: " + err.Error())
	}
	return c
})

// CountTokens returns the number of o200k_base tokens in text. Invalid
// UTF-8 is counted as if each bad sequence were U+FFFD, as the API would
// see it after JSON encoding.
func CountTokens(text string) int {
	if text == "" {
		return 0
	}
	total := 0
	for seg := range segments(strings.ToValidUTF8(text, "\uFFFD")) {
		n, err := encoding().Count(seg)
		if err != nil {
			// Only the strict error mode fails, and it is not used; estimate
			// rather than count a non-empty text as nothing.
			n = (len(seg) + 3) / 4
		}
		total += n
	}
	return total
}

// TruncateTokens returns the longest prefix of text that holds at most max
// tokens, cut at a token boundary and never inside a UTF-8 character. Use
// it for a single item too large for a chunk (see Chunk). Invalid UTF-8 is
// replaced by U+FFFD first.
func TruncateTokens(text string, max int) string {
	if max <= 0 {
		return ""
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	// Tokens are consecutive byte pieces of the input, so the lengths of
	// the first max of them add up to the length of the prefix to keep.
	n, left := 0, max
	for seg := range segments(text) {
		_, pieces, err := encoding().Encode(seg)
		if err != nil {
			return text
		}
		if len(pieces) <= left {
			n += len(seg)
			left -= len(pieces)
			continue
		}
		for _, p := range pieces[:left] {
			n += len(p)
		}
		break
	}
	n = min(n, len(text))
	for n > 0 && n < len(text) && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

// segmentMax bounds the text handed to the tokenizer at once. Its
// pre-tokenizing regular expression (regexp2, backtracking) takes time
// quadratic in the length of a whitespace run: 12 kB of "\n \n" costs about
// 100 ms, 150 kB about 15 s. Counting segments of at most 1 kB keeps any
// input linear.
const segmentMax = 1024

// segments splits text into pieces of at most segmentMax bytes. It cuts
// right after a newline that is followed by a non-space byte: no token of
// o200k_base spans such a point (a newline run or a punctuation run ends
// there, and a word cannot start with a newline), so counts stay exact for
// ordinary text with lines. A kilobyte without a line start is cut before
// a space that starts a word, and only a kilobyte without either (a long
// whitespace run, a huge word) at the last character boundary; those cuts
// may change the count by a token or so.
func segments(text string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for len(text) > segmentMax {
			cut := cutPoint(text)
			if !yield(text[:cut]) {
				return
			}
			text = text[cut:]
		}
		if text != "" {
			yield(text)
		}
	}
}

// cutPoint returns where to end the first segment of text, which is longer
// than segmentMax.
func cutPoint(text string) int {
	for i := segmentMax; i > 0; i-- {
		if text[i-1] == '\n' && !isASCIISpace(text[i]) {
			return i
		}
	}
	// No line start: cut before a word's leading space, where a token
	// boundary almost always is.
	for i := min(segmentMax, len(text)-2); i > 1; i-- {
		if text[i] == ' ' && !isASCIISpace(text[i-1]) && !isASCIISpace(text[i+1]) {
			return i
		}
	}
	i := segmentMax
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	if i == 0 {
		return segmentMax // unreachable for valid UTF-8: a rune is at most 4 bytes
	}
	return i
}

func isASCIISpace(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	}
	return false
}
