package discordadapter

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// resolve handles Resolved on a peer thread's first post: the thread closes
// (a note, then the archive) and the button goes.
func (b *Bot) resolve(ctx context.Context, r *Request) (Reply, error) {
	if len(r.Args) != 1 {
		return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date.")
	}
	if _, err := b.svc.ResolvePeerThread(ctx, r.Caller, r.Args[0]); err != nil {
		return Reply{}, err
	}
	// The welcome post is public: the server's language.
	content := r.Settings.Lang().T("✅ Resolved.")
	if r.Message != nil && r.Message.Content != "" {
		content = r.Message.Content + "\n" + content
	}
	return Reply{Content: content, Components: []discordgo.MessageComponent{}}, nil
}
