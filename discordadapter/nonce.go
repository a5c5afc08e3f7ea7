package discordadapter

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Discord makes a message create idempotent when asked: with a nonce and
// "enforce_nonce": true, a second create by the same author with the same
// nonce within a few minutes returns the first message instead of posting
// another. A job killed after its post reached Discord but before it
// recorded the message's ID runs again at the next start; its post then
// carries the same nonce and Discord hands back the message it already
// made. discordgo v0.29's MessageSend has neither field, hence this
// wrapper.

// nonceSend is a MessageSend with Discord's idempotency fields.
type nonceSend struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// withNonce returns the body to post: msg itself outside a job, or msg
// with a nonce derived from the job's key, the channel and the message
// (Discord allows 25 characters; a base-36 FNV-64 has at most 13). The
// same job posting the same message gets the same nonce; a job posting
// several messages gets one per message.
func withNonce(ctx context.Context, channelID string, msg *discordgo.MessageSend) any {
	key := bot.JobKey(ctx)
	if key == "" {
		return msg
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return msg
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write([]byte(channelID))
	h.Write([]byte{0})
	h.Write(body)
	return nonceSend{MessageSend: msg, Nonce: strconv.FormatUint(h.Sum64(), 36), EnforceNonce: true}
}
