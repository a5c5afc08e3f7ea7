package redact

import (
	"strings"
	"unicode/utf8"
)

// The Safe Harbor identifiers that are neither names nor the classic numbers: ZIP and postal
// codes, IP addresses, vehicle plates and VINs, device serials and MAC addresses, account
// names that are not members' ("u/…", gamer tags, "insta: …"), photo and voice file names,
// codes after words like "confirmation" or "tracking", phone numbers spelled in words and
// rural-route addresses.

// restrictedZIP3 are the three-digit ZIP prefixes whose areas hold 20,000 people or fewer
// (HHS guidance on the Safe Harbor method, from the 2000 Census): a ZIP starting with one is
// removed whole. Elsewhere its first three digits may stay.
var restrictedZIP3 = map[string]bool{"036": true, "059": true, "063": true, "102": true, "203": true,
	"556": true, "692": true, "790": true, "821": true, "823": true, "830": true, "831": true,
	"878": true, "879": true, "884": true, "890": true, "893": true}

// findZIPs: five digits (and ZIP+4) after "zip", "postcode", "PLZ", "código postal"… or after
// "in"/"near", or after a state abbreviation ("MI 49007"); a ZIP+4 anywhere; Canadian "M5V 2T6"
// after a postal-code word. US ZIPs keep their first three digits unless the area is too small;
// other countries' codes go whole.
func (s *scan) findZIPs() {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if t.isDigits() && t.digits == 5 {
			plus4 := k+1 < len(s.toks) && s.gap(k) == "-" && s.toks[k+1].isDigits() && s.toks[k+1].digits == 4
			us, foreign := s.zipCue(k)
			if !(us || foreign || plus4) || s.unitAfter(k) || k > 0 && s.toks[k-1].isDigits() && chunkSep(s.gapBefore(k)) {
				continue
			}
			end := k
			if plus4 {
				end = k + 1
			}
			start := t.start
			if !foreign && !restrictedZIP3[s.text[t.start:t.start+3]] {
				start += 3
			}
			s.add(start, s.toks[end].end, KindZIP, "")
			k = end
			continue
		}
		// Canada: A9A 9A9
		if k+1 < len(s.toks) && t.end-t.start == 3 && s.gap(k) == " " && canadianHalf(s.text[t.start:t.end], true) &&
			canadianHalf(s.toks[k+1].text(s.text), false) {
			if us, foreign := s.zipCue(k); us || foreign {
				s.add(t.start, s.toks[k+1].end, KindZIP, "")
				k++
			}
		}
	}
}

func canadianHalf(w string, first bool) bool {
	if len(w) != 3 {
		return false
	}
	l := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	d := isASCIIDigit
	if first {
		return l(w[0]) && d(w[1]) && l(w[2])
	}
	return d(w[0]) && l(w[1]) && d(w[2])
}

// zipCue: a postcode word before token k (us: a US one, or "in"/"near"/a state abbreviation;
// foreign: "código postal", "code postal", "PLZ", "CAP", "CP", "postcode").
func (s *scan) zipCue(k int) (us, foreign bool) {
	for i := k - 1; i >= 0 && i >= k-4; i-- {
		if s.toks[i].sent != s.toks[k].sent {
			break
		}
		switch s.key(i) {
		case "zip", "zipcode":
			return true, false
		case "postcode", "postal", "plz", "cap", "cp", "postleitzahl", "codigo", "code", "postale":
			if s.key(i) == "code" && !(i > 0 && (s.keyIs(i-1, "zip") || s.keyIs(i-1, "postal"))) && !(i+1 < len(s.toks) && s.keyIs(i+1, "postal")) {
				return false, false
			}
			if s.key(i) == "code" && i > 0 && s.keyIs(i-1, "zip") {
				return true, false
			}
			if s.key(i) == "codigo" && !(i+1 < len(s.toks) && s.keyIs(i+1, "postal")) {
				return false, false
			}
			if s.key(i) == "cap" && !s.toks[i].allUpper {
				return false, false
			}
			return false, true
		}
	}
	if k > 0 && s.gapBefore(k) == " " {
		switch {
		case s.keyIs(k-1, "in") || s.keyIs(k-1, "near") || s.keyIs(k-1, "around"):
			return true, false
		case s.usState(k - 1):
			return true, false
		}
	}
	return false, false
}

// ipv4Chunk: four digit groups of at most three digits, each ≤ 255, joined by dots.
func ipv4Chunk(gs []group) int {
	if len(gs) < 4 {
		return 0
	}
	for i := 0; i < 4; i++ {
		if gs[i].n > 3 || gs[i].val > 255 || i > 0 && gs[i].sep != "." {
			return 0
		}
	}
	return 4
}

// findRawIDs scans the text for shapes the word tokens cut apart: IPv6 and MAC addresses.
func (s *scan) findRawIDs() {
	t := s.text
	for i := strings.IndexByte(t, ':'); i >= 0; {
		start := i
		for start > 0 && isHexOrColon(t[start-1]) {
			start--
		}
		end := i
		for end < len(t) && (isHexOrColon(t[end]) || t[end] == '.' && end+1 < len(t) && isASCIIDigit(t[end+1])) {
			end++
		}
		for end > start && t[end-1] == ':' && !(end-2 >= start && t[end-2] == ':') {
			end--
		}
		if (start == 0 || !isWordByte(t[start-1])) && (end == len(t) || !isWordByte(t[end])) {
			switch seg := t[start:end]; {
			case macAddress(seg):
				s.add(start, end, KindDevice, "")
			case ipv6(seg):
				s.add(start, end, KindIP, "")
			}
		}
		if end <= i {
			end = i + 1
		}
		k := strings.IndexByte(t[end:], ':')
		if k < 0 {
			break
		}
		i = end + k
	}
	// MAC addresses written with hyphens: 00-1A-2B-3C-4D-5E
	for k := 0; k+5 < len(s.toks); k++ {
		ok := true
		for j := k; j < k+6; j++ {
			w := s.toks[j].text(s.text)
			if len(w) != 2 || !isHex(w[0]) || !isHex(w[1]) || j > k && s.gapBefore(j) != "-" {
				ok = false
				break
			}
		}
		if ok {
			s.add(s.toks[k].start, s.toks[k+5].end, KindDevice, "")
			k += 5
		}
	}
}

func isHex(c byte) bool { return isASCIIDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
func isHexOrColon(c byte) bool {
	return isHex(c) || c == ':'
}
func isWordByte(c byte) bool {
	return isASCIILetter(c) || isASCIIDigit(c) || c == '_' || c >= utf8.RuneSelf
}

func macAddress(seg string) bool {
	parts := strings.Split(seg, ":")
	if len(parts) != 6 {
		return false
	}
	for _, p := range parts {
		if len(p) != 2 || !isHex(p[0]) || !isHex(p[1]) {
			return false
		}
	}
	return true
}

// ipv6: groups of one to four hex digits joined by ":", eight of them or fewer with one "::";
// "10:30:45" (a time) is not one.
func ipv6(seg string) bool {
	if strings.Count(seg, "::") > 1 || len(seg) < 3 {
		return false
	}
	compressed := strings.Contains(seg, "::")
	body := seg
	if i := strings.LastIndexByte(body, ':'); i >= 0 && strings.Contains(body[i:], ".") {
		body = body[:i+1] + "0:0" // an IPv4 tail counts as two groups
	}
	groups := 0
	letters := false
	for _, p := range strings.Split(strings.ReplaceAll(body, "::", ":"), ":") {
		if p == "" {
			continue
		}
		if len(p) > 4 {
			return false
		}
		for i := 0; i < len(p); i++ {
			if !isHex(p[i]) {
				return false
			}
			if !isASCIIDigit(p[i]) {
				letters = true
			}
		}
		groups++
	}
	if groups > 8 || !compressed && groups != 8 {
		return false
	}
	return compressed && (letters || groups >= 2) || groups == 8
}

// cue is a phrase that announces a value of some kind, split into folded words.
type cue struct {
	words []string
	kind  Kind
}

// cuesByLast indexes the cues by their last word, so a token needs one map lookup.
var cuesByLast = func() map[string][]cue {
	m := map[string][]cue{}
	for _, c := range []struct {
		kind Kind
		list []string
	}{{KindVehicle, vehicleCues}, {KindDevice, deviceCues}, {KindName, handleCues}, {KindID, codeCues}} {
		for _, phrase := range c.list {
			w := strings.Split(phrase, " ")
			last := w[len(w)-1]
			m[last] = append(m[last], cue{words: w, kind: c.kind})
		}
	}
	for _, l := range m { // longest first: "serial number" before "number"
		for i := 1; i < len(l); i++ {
			for j := i; j > 0 && len(l[j].words) > len(l[j-1].words); j-- {
				l[j], l[j-1] = l[j-1], l[j]
			}
		}
	}
	return m
}()

// cueAt returns the kind of the cue ending at token k, or "".
func (s *scan) cueAt(k int) Kind {
	t := &s.toks[k]
	list := cuesByLast[string(s.fold[t.fs:t.fe])]
	for _, c := range list {
		n := len(c.words)
		if k+1 < n {
			continue
		}
		ok := true
		for i := 0; i < n-1; i++ {
			j := k - n + 1 + i
			if !s.keyIs(j, c.words[i]) || len(s.gap(j)) > 2 {
				ok = false
				break
			}
		}
		if ok {
			return c.kind
		}
	}
	return ""
}

// valueAfterCue: the first token of the value after a cue ending at token k, skipping "is",
// "number", "no", "#", ":" and the like; -1 if there is none in reach.
func (s *scan) valueAfterCue(k int) int {
	j := k + 1
	for j < len(s.toks) && j-k <= 3 {
		if len(s.gapBefore(j)) > 4 || strings.ContainsAny(s.gapBefore(j), "\n") {
			return -1
		}
		switch s.key(j) {
		case "is", "es", "number", "no", "nr", "num", "numero", "id", "code", "me", "at", "on", "c", "est",
			"ist", "e", "my", "mi", "mon", "ma", "mein", "meine", "il", "o", "a", "the":
			if s.toks[j].allUpper && s.toks[j].letters > 1 {
				return j
			}
			j++
			continue
		}
		return j
	}
	return -1
}

// codeRun: from token j, the words of a code joined by "-", "/", "." or, for short groups,
// spaces ("AB12 CDE", "M-AB 1234", "1234 BCD"); its last token and how many digits it has.
func (s *scan) codeRun(j, maxTok int) (int, int) {
	end, digits := j, s.toks[j].digits
	for end+1 < len(s.toks) && end-j < maxTok-1 {
		g := s.gap(end)
		nt := &s.toks[end+1]
		if nt.letters+nt.digits == 0 {
			break
		}
		joined := g == "-" || g == "/" || g == "." || g == ":"
		spaced := g == " " && (nt.digits > 0 || nt.allUpper || nt.end-nt.start == 1 && nt.upper) && nt.end-nt.start <= 6 &&
			!nt.has(fCommon|fFunc) && (s.toks[end].digits > 0 || s.toks[end].allUpper)
		if !joined && !spaced {
			break
		}
		end++
		digits += nt.digits
	}
	return end, digits
}

var vehicleCues = []string{"plate", "plates", "numberplate", "reg", "registration", "rego", "matricula",
	"placa", "kennzeichen", "immatriculation", "targa", "vin", "plaque"}

var deviceCues = []string{"serial", "serial number", "serial no", "s n", "sn", "imei", "meid", "mac address",
	"transmitter id", "transmitter", "device id", "udid", "udi", "serie", "seriennummer", "numero de serie",
	"numero di serie", "numero de serie", "receiver id", "pump id"}

var handleCues = []string{"gamertag", "gt", "psn", "xbox", "steam", "battletag", "riot id", "ign", "insta",
	"ig", "instagram", "snap", "snapchat", "tiktok", "twitter", "twitch", "venmo", "cashapp", "cash app",
	"paypal", "friend code", "discord", "discord alt", "username", "user name", "handle", "usuario",
	"pseudo", "nutzername", "nome utente", "usuario de instagram", "reddit", "telegram", "kik", "skype",
	"threads", "bluesky", "mastodon", "youtube", "twitch tv"}

var codeCues = []string{"confirmation", "confirmation code", "booking", "booking reference", "booking ref",
	"reference", "ref", "tracking", "tracking number", "case", "case number", "ticket", "claim", "claim number",
	"prior auth", "prior auth number", "authorization", "authorisation", "order", "kit id", "kit", "expediente",
	"dossier", "aktenzeichen", "pratica", "protocolo", "localizador", "voucher", "pin", "sort code", "iban",
	"cpf", "nif", "nie", "dni", "codice fiscale", "ni number", "national insurance", "tarjeta sanitaria",
	"certificate", "certificate number", "certificate no", "licence number", "license number", "license",
	"licence", "npi", "dea", "permit", "historia clinica", "secu", "securite sociale", "ahv", "bsn", "pesel"}

// findCuedCodes reads the value after a cue word for vehicles, devices, handles and codes.
func (s *scan) findCuedCodes() {
	for k := 0; k < len(s.toks); k++ {
		if !s.toks[k].isAlpha() || s.toks[k].flags&fCodeCue == 0 {
			continue
		}
		kind := s.cueAt(k)
		if kind == "" {
			continue
		}
		j := s.valueAfterCue(k)
		if j < 0 {
			continue
		}
		if kind == KindName {
			if end := s.handleValue(j, j > k+1 || strings.Contains(s.gapBefore(j), ":")); end > 0 {
				s.add(s.toks[j].start, end, KindName, "")
			}
			continue
		}
		t := &s.toks[j]
		if t.letters+t.digits == 0 || t.has(fFunc) && t.digits == 0 {
			continue
		}
		end, digits := s.codeRun(j, 6)
		if digits == 0 && !(t.allUpper && t.end-t.start >= 5) || s.toks[end].end-t.start < 4 {
			continue
		}
		if kind == KindID && digits < 2 && !(t.allUpper && t.end-t.start >= 5) {
			continue
		}
		if s.unitAfter(end) && end == j {
			continue
		}
		start := t.start
		if start > 0 && s.text[start-1] == '#' {
			start--
		}
		s.add(start, s.toks[end].end, kind, "")
		k = end
	}
}

// handleValue: an account name after "insta", "gamertag" …: a run of letters, digits, "_",
// ".", "-" and "#" with something that makes it a handle (a digit, "_", ".", a capital
// inside, or a word no list knows). It returns the end of the handle, or 0.
func (s *scan) handleValue(j int, announced bool) int {
	t := s.text
	start := s.toks[j].start
	if start > 0 && t[start-1] == '@' {
		return 0 // "@name" is found as a handle already
	}
	end := start
	for end < len(t) {
		r, w := utf8.DecodeRuneInString(t[end:])
		if !isWordRune(r) && r != '_' && r != '.' && r != '-' && r != '#' {
			break
		}
		end += w
	}
	for end > start && strings.ContainsRune(".-#", rune(t[end-1])) {
		end--
	}
	h := t[start:end]
	if strings.ContainsAny(h, "_.-#0123456789") {
		return end
	}
	for i := 1; i < len(h); i++ {
		if 'A' <= h[i] && h[i] <= 'Z' {
			return end // "AsthmeGamer"
		}
	}
	tk := &s.toks[j]
	if announced && tk.flags == 0 && tk.gaz&0x7f == 0 && tk.end == end && len(h) >= 4 {
		return end
	}
	return 0
}

// findRedditAndTags: "u/name", "/u/name", and names with a gamer tag: "Name#1234", "Name#EUW".
func (s *scan) findRedditAndTags() {
	t := s.text
	for i := strings.Index(t, "u/"); i >= 0; {
		start := i
		if start > 0 && t[start-1] == '/' {
			start--
		}
		if start == 0 || !isWordByte(t[start-1]) {
			end := i + 2
			for end < len(t) && (isWordByte(t[end]) || t[end] == '-') {
				end++
			}
			if end-i > 4 {
				s.add(start, end, KindName, "")
			}
		}
		k := strings.Index(t[i+2:], "u/")
		if k < 0 {
			break
		}
		i += 2 + k
	}
	for i := strings.IndexByte(t, '#'); i >= 0; {
		if i > 0 && isWordByte(t[i-1]) {
			end := i + 1
			for end < len(t) && (isASCIIDigit(t[end]) || 'A' <= t[end] && t[end] <= 'Z') {
				end++
			}
			tag := t[i+1 : end]
			digits := countDigits(tag) == len(tag) && len(tag) >= 4 && len(tag) <= 5
			caps := len(tag) >= 2 && len(tag) <= 5 && countDigits(tag) == 0
			if (digits || caps) && (end == len(t) || !isWordByte(t[end])) {
				start := i
				for start > 0 && (isWordByte(t[start-1]) || t[start-1] == '_' || t[start-1] == '.') {
					start--
				}
				if i-start >= 3 {
					s.add(start, end, KindName, "")
				}
			}
		}
		k := strings.IndexByte(t[i+1:], '#')
		if k < 0 {
			break
		}
		i += 1 + k
	}
}

// photoExt: file extensions of photos, videos and voice recordings.
func photoExt(e string) bool {
	switch strings.ToLower(e) {
	case "jpg", "jpeg", "png", "heic", "heif", "gif", "webp", "bmp", "tif", "tiff", "mp4", "mov",
		"m4v", "avi", "3gp", "mkv", "webm", "m4a", "mp3", "wav", "aac", "ogg", "opus", "amr", "dng", "raw":
		return true
	}
	return false
}

// findPhotos: file names of photos, videos and voice notes as cameras, phones and people name
// them ("IMG_4471.HEIC", "selfie_week3.png", "WhatsApp Image 2024-03-02 at 09.14.55.jpeg"):
// with a digit, "_", "selfie" or "face" in them ("scan.jpg" stays). Links to images and to
// Discord's attachment store are photos too (see urlKind).
func (s *scan) findPhotos() {
	t := s.text
	for i := strings.IndexByte(t, '.'); i >= 0; {
		e := i + 1
		for e < len(t) && isASCIILetter(t[e]) || e < len(t) && isASCIIDigit(t[e]) && e > i+1 {
			e++
		}
		if e-i > 2 && photoExt(t[i+1:e]) && (e == len(t) || !isWordByte(t[e])) {
			start := i
			for start > 0 && t[start-1] != ' ' && t[start-1] != '\n' && t[start-1] != '\t' && t[start-1] != '(' && t[start-1] != '"' {
				start--
			}
			stem := strings.ToLower(t[start:i])
			named := strings.ContainsAny(stem, "0123456789_") || strings.Contains(stem, "selfie") || strings.Contains(stem, "face")
			if start < i && named {
				// "WhatsApp Image 2024-03-02 at 09.14.55.jpeg", "Screen Shot 2024-01-02 at 10.11.12.png"
				line := t[max(0, start-60):start]
				for _, p := range []string{"WhatsApp Image ", "WhatsApp Video ", "WhatsApp Audio ", "WhatsApp Ptt ", "Screen Shot ", "Screenshot ", "Screen Recording ", "Photo ", "Video "} {
					if j := strings.LastIndex(line, p); j >= 0 && !strings.ContainsAny(line[j:], "\n!?") {
						start = max(0, start-60) + j
						break
					}
				}
				s.add(start, e, KindPhoto, "")
			}
		}
		k := strings.IndexByte(t[i+1:], '.')
		if k < 0 {
			break
		}
		i += 1 + k
	}
}

// photoURL: a link to Discord's attachment store or to an image file is a photo.
func photoURL(u string) bool {
	l := strings.ToLower(u)
	if strings.Contains(l, "cdn.discordapp.com/attachments/") || strings.Contains(l, "media.discordapp.net/attachments/") {
		return true
	}
	if q := strings.IndexAny(l, "?#"); q >= 0 {
		l = l[:q]
	}
	if d := strings.LastIndexByte(l, '.'); d >= 0 && d > strings.LastIndexByte(l, '/') {
		return photoExt(l[d+1:])
	}
	return false
}

// digitWord: 0–9 spelled out in the languages of the set ("oh" and "o" for zero in English).
func digitWord(w string) bool {
	switch w {
	case "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double", "triple",
		"cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
		"un", "deux", "trois", "quatre", "cinq", "sept", "huit", "neuf",
		"null", "eins", "zwei", "drei", "vier", "funf", "fuenf", "sechs", "sieben", "acht", "neun",
		"due", "tre", "quattro", "sei", "sette", "otto", "nove",
		"um", "dois", "quatro", "sete", "oito":
		return true
	}
	return false
}

// findSpelledPhones: seven or more digits written as words ("five five five, zero one four
// two …"), with spaces, commas or hyphens between them.
func (s *scan) findSpelledPhones() {
	for k := 0; k < len(s.toks); k++ {
		if s.toks[k].flags&fNumWord == 0 || !digitWord(s.key(k)) {
			continue
		}
		end, n := k, 1
		for end+1 < len(s.toks) {
			g := s.gap(end)
			if g != " " && g != ", " && g != "-" && g != "," && g != " - " && g != "... " {
				break
			}
			if !digitWord(s.key(end + 1)) {
				break
			}
			end++
			n++
		}
		if n >= 7 {
			s.add(s.toks[k].start, s.toks[end].end, KindPhone, "")
		}
		k = end
	}
}

// findRuralRoutes: "RR 2 Box 118", "Rural Route 4, Box 27", "HC 64 Box 2210", "Rural Route 1".
func (s *scan) findRuralRoutes() {
	for k := 0; k+1 < len(s.toks); k++ {
		if s.toks[k].flags&fCodeCue == 0 {
			continue
		}
		j := -1
		switch {
		case (s.keyIs(k, "rr") || s.keyIs(k, "hc")) && s.toks[k].allUpper:
			j = k + 1
		case s.keyIs(k, "rural") && s.keyIs(k+1, "route"):
			j = k + 2
		case s.keyIs(k, "star") && s.keyIs(k+1, "route") && s.toks[k].upper:
			j = k + 2
		}
		if j < 0 || j >= len(s.toks) || !s.toks[j].isDigits() || len(s.gapBefore(j)) > 2 {
			continue
		}
		end := j
		if end+2 < len(s.toks) && s.keyIs(end+1, "box") && len(s.gap(end)) <= 2 && s.toks[end+2].isDigits() {
			end += 2
		}
		s.add(s.toks[k].start, s.toks[end].end, KindAddress, "")
		k = end
	}
}

// findPlatesAndVINs: plates in the current UK format ("AB12 CDE") and VINs (17 letters and
// digits, no I, O or Q), which need no cue.
func (s *scan) findPlatesAndVINs() {
	for k := range s.toks {
		if s.toks[k].digits == 0 || s.toks[k].letters == 0 {
			continue
		}
		w := s.toks[k].text(s.text)
		switch {
		case len(w) == 4 && k+1 < len(s.toks) && s.gap(k) == " " && isUpperAZ(w[0]) && isUpperAZ(w[1]) && isASCIIDigit(w[2]) && isASCIIDigit(w[3]):
			n := s.toks[k+1].text(s.text)
			if len(n) == 3 && isUpperAZ(n[0]) && isUpperAZ(n[1]) && isUpperAZ(n[2]) {
				s.add(s.toks[k].start, s.toks[k+1].end, KindVehicle, "")
			}
		case len(w) == 17 && s.toks[k].digits >= 3 && s.toks[k].letters >= 3 && !strings.ContainsAny(w, "IOQioq"):
			upper := true
			for i := 0; i < len(w); i++ {
				if !isUpperAZ(w[i]) && !isASCIIDigit(w[i]) {
					upper = false
				}
			}
			if upper {
				s.add(s.toks[k].start, s.toks[k].end, KindVehicle, "")
			}
		}
	}
}

func isUpperAZ(c byte) bool { return 'A' <= c && c <= 'Z' }
