package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/cli"
	"github.com/qbiz/qbiz/internal/gateway/sandboxwiring"
	"github.com/qbiz/qbiz/internal/gateway/serve"
	"github.com/qbiz/qbiz/internal/sandbox"
)

// webGateway is `qbiz serve --sandbox --addr 127.0.0.1:0` running
// in-process, as the README's browser quick start runs it: the command
// line, the gateway's runner and the embedded sandbox it configures
// itself for.
type webGateway struct {
	url     string // where browsers open the gateway
	sandbox string // the embedded sandbox's URL
	info    sandbox.Info
	stderr  *syncBuffer
}

// startWebGateway runs qbiz serve --sandbox until the test ends.
func startWebGateway(t *testing.T) *webGateway {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	g := &webGateway{stderr: &syncBuffer{}}
	home := t.TempDir()
	vars := map[string]string{"HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data"}
	env := cli.Env{
		Stdin: strings.NewReader(""), Stdout: pw, Stderr: g.stderr,
		Getenv:     func(k string) string { return vars[k] },
		Environ:    func() []string { return environ(vars) },
		IsTerminal: func() bool { return false },
		Serve: func(ctx context.Context, r cli.ServeRequest) error {
			return serve.Run(ctx, serve.Options(r), sandboxwiring.StartForServe)
		},
	}
	done := make(chan int, 1)
	go func() {
		code := cli.Main(ctx, []string{"serve", "--sandbox", "--addr", "127.0.0.1:0"}, env)
		pw.Close()
		done <- code
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("qbiz serve --sandbox exited %d\n%s", code, g.stderr)
		}
	})
	g.readStartLines(t, pr)
	if g.url == "" || g.sandbox == "" {
		t.Fatalf("qbiz serve --sandbox did not say where it listens\n%s", g.stderr)
	}
	g.info = fetchInfo(t, g.sandbox)
	return g
}

// readStartLines reads stdout up to the listening line, then drains the
// rest in the background.
func (g *webGateway) readStartLines(t *testing.T, r io.Reader) {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if u, ok := strings.CutPrefix(line, "qbiz serve: sandbox at "); ok {
			g.sandbox = strings.Fields(u)[0]
		}
		if u, ok := strings.CutPrefix(line, "qbiz serve: listening on "); ok {
			g.url = strings.Fields(u)[0]
			break
		}
	}
	go io.Copy(io.Discard, r) //nolint:errcheck // the pipe closes when qbiz serve returns
}

// password is a sandbox user's password, as qbiz serve --sandbox prints it.
func (g *webGateway) password(t *testing.T, user string) string {
	t.Helper()
	u, ok := g.info.User(user)
	if !ok {
		t.Fatalf("no sandbox user %s", user)
	}
	return u.Password
}

// paceAnswers makes the sandbox stream each Chat answer over time, as a
// model does, so the page shows it growing.
func (g *webGateway) paceAnswers(t *testing.T, delay time.Duration) {
	t.Helper()
	postJSON(t, g.sandbox+"/sandbox/faults", fmt.Sprintf(`{"qbusiness":{"chunk_delay":%q}}`, delay.String()))
}

// webDocument is a document an administrator indexes into the OIDC
// application, readable by one user alone.
type webDocument struct {
	id, title, url, content, reader string
}

// putDocument indexes d through Q Business's BatchPutDocument as the
// sandbox administrator.
func (g *webGateway) putDocument(t *testing.T, d webDocument) {
	t.Helper()
	app, ok := g.info.App("oidc")
	if !ok {
		t.Fatal("no oidc application")
	}
	a := g.info.AdminCredentials
	cfg := aws.Config{Region: g.info.Region, BaseEndpoint: aws.String(g.info.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, "")}
	acl := &qtypes.AccessConfiguration{AccessControls: []qtypes.AccessControl{{Principals: []qtypes.Principal{
		&qtypes.PrincipalMemberUser{Value: qtypes.PrincipalUser{Id: aws.String(d.reader), Access: qtypes.ReadAccessTypeAllow}}}}}}
	out, err := qbusiness.NewFromConfig(cfg).BatchPutDocument(context.Background(), &qbusiness.BatchPutDocumentInput{
		ApplicationId: aws.String(app.ApplicationID), IndexId: aws.String(app.IndexID),
		Documents: []qtypes.Document{{Id: aws.String(d.id), Title: aws.String(d.title), ContentType: qtypes.ContentTypePlainText,
			Content: &qtypes.DocumentContentMemberBlob{Value: []byte(d.content)}, AccessConfiguration: acl,
			Attributes: []qtypes.DocumentAttribute{{Name: aws.String("_source_uri"),
				Value: &qtypes.DocumentAttributeValueMemberStringValue{Value: d.url}}}}}})
	if err != nil || len(out.FailedDocuments) > 0 {
		t.Fatalf("put document %s: %v %+v", d.id, err, out)
	}
}
