package provision

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// clientSecret holds the IdP client secret as {"client_secret": "..."}, the
// form the web experience reads.
type clientSecret struct {
	s     *stack
	name  string
	value func() (string, error)
}

func (c *clientSecret) Type() string        { return "AWS::SecretsManager::Secret" }
func (c *clientSecret) Name() string        { return c.name }
func (c *clientSecret) DependsOn() []string { return nil }

func (c *clientSecret) Lookup(ctx context.Context) (Found, error) {
	c.s.out.SecretARN = ""
	d, err := c.s.c.Secrets.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(c.name)})
	var nf *smtypes.ResourceNotFoundException
	if errors.As(err, &nf) {
		return Found{}, nil
	}
	if err != nil {
		return Found{}, err
	}
	tags := map[string]string{}
	for _, t := range d.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	if !c.s.tagged(tags) {
		return Found{}, notOurs("secret", c.name, c.s.prefix)
	}
	if d.DeletedDate != nil {
		return Found{}, fmt.Errorf("secret %s is scheduled for deletion: restore it (aws secretsmanager restore-secret) or delete it for good first", c.name)
	}
	c.s.out.SecretARN = aws.ToString(d.ARN)
	f := Found{Exists: true, Managed: true, ARN: c.s.out.SecretARN}
	f.Drift, err = c.drift(ctx)
	return f, err
}

// drift compares the stored client secret with the one given, if any.
func (c *clientSecret) drift(ctx context.Context) (string, error) {
	if c.value == nil {
		return "", nil
	}
	want, err := c.value()
	if err != nil {
		return "", nil // none given: nothing to compare
	}
	got, err := c.s.c.Secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(c.s.out.SecretARN)})
	if err != nil {
		return "", err
	}
	var doc struct {
		ClientSecret string `json:"client_secret"`
	}
	if json.Unmarshal([]byte(aws.ToString(got.SecretString)), &doc) != nil || doc.ClientSecret != want {
		return "client secret differs", nil
	}
	return "", nil
}

// document is the secret's value: {"client_secret": "..."}.
func (c *clientSecret) document() (string, error) {
	if c.value == nil {
		return "", errors.New("the IdP client secret is needed to create it: pass --client-secret-stdin and write the secret to standard input")
	}
	v, err := c.value()
	if err != nil {
		return "", err
	}
	doc, _ := json.Marshal(map[string]string{"client_secret": v})
	return string(doc), nil
}

func (c *clientSecret) Create(ctx context.Context) error {
	doc, err := c.document()
	if err != nil {
		return err
	}
	_, err = c.s.c.Secrets.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(c.name),
		Description:  aws.String("IdP client secret of the Q Business web experience " + c.s.prefix),
		SecretString: aws.String(doc), Tags: []smtypes.Tag{{Key: aws.String(TagKey), Value: aws.String(c.s.prefix)}}})
	return err
}

// Update stores the given client secret as the current version.
func (c *clientSecret) Update(ctx context.Context) error {
	doc, err := c.document()
	if err != nil {
		return err
	}
	_, err = c.s.c.Secrets.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(c.s.out.SecretARN),
		SecretString: aws.String(doc)})
	return err
}

func (c *clientSecret) Delete(ctx context.Context) error {
	_, err := c.s.c.Secrets.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String(c.s.out.SecretARN),
		ForceDeleteWithoutRecovery: aws.Bool(true)})
	return err
}
