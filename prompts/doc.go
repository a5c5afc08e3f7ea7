// Package prompts holds the LLM prompts as template files, embedded in the
// binary and rendered by typed functions, so a reviewer can read every word
// the model is told without reading Go. It uses the standard library only.
//
// Prompts put what chat members wrote into delimited data blocks in which
// every line is one JSON value: a member's text is a JSON string, so it
// cannot end the block or start a line of its own, and the system prompt
// says the data is to be summarised or classified, never obeyed. Each system
// prompt carries Canary, a marker that never belongs in a reply: a reply
// that repeats it is leaking the prompt.
package prompts
