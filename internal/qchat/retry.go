package qchat

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"

	"github.com/qbiz/qbiz/internal/httpclient"
)

// RetryPolicy bounds the SDK's retries of throttled and 5xx calls: jittered
// exponential backoff capped at MaxBackoff, at most MaxAttempts tries.
type RetryPolicy struct {
	MaxAttempts int
	MaxBackoff  time.Duration
}

// DefaultRetry is what an interactive user can wait through.
var DefaultRetry = RetryPolicy{MaxAttempts: 5, MaxBackoff: 4 * time.Second}

// Retryer returns the SDK standard retryer for p. The client-side retry
// quota is off: one person's CLI never shares a budget with anyone. A
// connection that could not be made at all is not retried (see
// ErrUnreachable).
func (p RetryPolicy) Retryer() aws.Retryer {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultRetry.MaxAttempts
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = DefaultRetry.MaxBackoff
	}
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts, o.MaxBackoff = p.MaxAttempts, p.MaxBackoff
		o.RateLimiter = ratelimit.None
		o.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(noRetryWhenUnreachable)}, o.Retryables...)
	})
}

// NewAPI returns a Q Business client for cfg with p's retries and, when
// cfg names no HTTP client, one on the system's roots that can open the
// Chat event stream. cfg should carry no credentials: Client signs every
// call as its user.
func NewAPI(cfg aws.Config, p RetryPolicy) *qbusiness.Client {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = httpclient.Options{}.Stream(aws.ToString(cfg.BaseEndpoint))
	}
	return qbusiness.NewFromConfig(cfg, func(o *qbusiness.Options) {
		o.Retryer = p.Retryer()
	})
}
