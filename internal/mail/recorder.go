package mail

import (
	"context"
	"sync"
)

// Recorder is a Sender that keeps messages in memory, for tests. Its zero
// value is ready to use and it is safe for concurrent use, since handlers and
// background jobs may send at the same time.
type Recorder struct {
	mu   sync.Mutex
	sent []Message
}

// Send validates m like SMTPSender does, so that tests catch the messages a
// real server would never get, then keeps a copy.
func (r *Recorder) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m.clone())
	return nil
}

// Messages returns a copy of the messages sent so far, oldest first.
func (r *Recorder) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Message, len(r.sent))
	for i, m := range r.sent {
		out[i] = m.clone()
	}
	return out
}
