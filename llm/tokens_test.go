package llm

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCountTokens(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{" ", 1},
		{"hello world", 2},
		{"Hello, world!", 4},
		{"Member A: my CGM reads 180 mg/dL after breakfast.", 15},
		{"😀", 1},
		{"日本語のテキスト", 6},
		{"a\n\nb", 3},
		{"\xff", 1}, // invalid UTF-8 counts as U+FFFD
	}
	for _, tt := range tests {
		if got := CountTokens(tt.text); got != tt.want {
			t.Errorf("CountTokens(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

// TestCountTokensSegmentsExactly checks that cutting long texts into
// segments at line starts gives the same count as tokenizing them whole.
func TestCountTokensSegmentsExactly(t *testing.T) {
	texts := []string{
		strings.Repeat("Member B: my sensor fell off twice this week!\n", 200),
		strings.Repeat("Q: does anyone else get lows at night?\n\n  - yes, me too.\r\n", 150),
		strings.Repeat("long line without breaks ", 300),
		strings.Repeat("ab ", 341) + "ab", // 1025 bytes: one past a segment
		strings.Repeat("x", 3000),
		strings.Repeat("日本語のテキスト。\n", 300),
	}
	for _, text := range texts {
		whole, err := encoding().Count(text)
		if err != nil {
			t.Fatal(err)
		}
		got := CountTokens(text)
		// Lines give exact cuts; a kilobyte without a line start is cut at a
		// character boundary, off by at most a token per cut.
		cuts := len(text) / segmentMax
		if got != whole && (strings.Contains(text, "\n") || abs(got-whole) > cuts) {
			t.Errorf("CountTokens = %d, whole text = %d (len %d)", got, whole, len(text))
		}
	}
}

func TestCountTokensLinearOnWhitespaceRuns(t *testing.T) {
	// Whole, these 90 kB take the tokenizer's regexp seconds; in
	// segments it is a few hundred milliseconds even under -race.
	text := strings.Repeat("\n \n", 30_000)
	if n := CountTokens(text); n < 30_000 {
		t.Errorf("CountTokens = %d", n)
	}
}

func TestTruncateTokens(t *testing.T) {
	tests := []struct {
		text string
		max  int
		want string
	}{
		{"hello world", 0, ""},
		{"hello world", 1, "hello"},
		{"hello world", 2, "hello world"},
		{"hello world", 50, "hello world"},
		{"", 5, ""},
		// "😀😀 日本語" is 😀|😀| 日本|語: whole tokens only.
		{"😀😀 日本語", 3, "😀😀 日本"},
	}
	for _, tt := range tests {
		if got := TruncateTokens(tt.text, tt.max); got != tt.want {
			t.Errorf("TruncateTokens(%q, %d) = %q, want %q", tt.text, tt.max, got, tt.want)
		}
	}
	long := strings.Repeat("Member C: the new pump is loud at night.\n", 100)
	got := TruncateTokens(long, 100)
	if n := CountTokens(got); n > 100 || n < 95 || !strings.HasPrefix(long, got) {
		t.Errorf("truncated to %d tokens, prefix %v", n, strings.HasPrefix(long, got))
	}
}

func FuzzTruncateTokens(f *testing.F) {
	f.Add("hello world", 1)
	f.Add("😀😀 日本語", 2)
	f.Add("\xff\xfe abc", 1)
	f.Fuzz(func(t *testing.T, text string, max int) {
		if len(text) > 4096 {
			return
		}
		max %= 64
		got := TruncateTokens(text, max)
		clean := strings.ToValidUTF8(text, "\uFFFD")
		if !strings.HasPrefix(clean, got) || !utf8.ValidString(got) {
			t.Fatalf("TruncateTokens(%q, %d) = %q: not a valid prefix", text, max, got)
		}
		if max > 0 && CountTokens(got) > max {
			t.Fatalf("TruncateTokens(%q, %d) = %q holds %d tokens", text, max, got, CountTokens(got))
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
