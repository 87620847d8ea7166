// The properties deploy/terraform must keep, each with the weakenings that must break it.
//
// A property's check() takes a loaded module (lib/module.mjs) and throws an AssertionError when the
// property does not hold. properties.test.mjs runs every check on the module as it is;
// mutations.test.mjs applies each mutation to a copy and expects its property's check to fail.

import assert from 'node:assert/strict';

// ---------------------------------------------------------------------------------------------
// Inputs the module is rendered with
// ---------------------------------------------------------------------------------------------

export const ACCOUNT = '111122223333'; // the caller identity of lib/module.mjs's DATA_FIXTURE
const BUCKET = 'acme-vendor-drops';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:s3load/db-AbCdEf';
const LAYER_ARM64 = 'arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:11';
const LAYER_X86_64 = 'arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:11';
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:s3load-alarms';
const SECRET_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const BUCKET_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/0987dcba-09ba-43dc-65fe-0987654321ba';
const FEEDS = [
  { name: 'acme-orders', prefix: 'acme/orders/', suffix: '.csv' },
  { name: 'globex-stock', prefix: 'globex/stock/' },
];
const VPC = { subnet_ids: ['subnet-0123456789abcdef0'], security_group_ids: ['sg-0123456789abcdef0'] };

export const BASE = {
  package_path: 'build/s3load-lambda.zip',
  reserved_concurrency: 5,
  bucket_name: BUCKET,
  feeds: FEEDS,
  db_secret_arn: SECRET,
  secrets_extension_layer_arn: LAYER_ARM64,
  alarm_topic_arn: TOPIC,
};

export const SCENARIOS = {
  direct: BASE,
  sqs: { ...BASE, delivery: 'sqs' },
  vpc: { ...BASE, ...VPC },
  everything: {
    ...BASE,
    ...VPC,
    delivery: 'sqs',
    db_secret_kms_key_arn: SECRET_KEY,
    bucket_kms_key_arn: BUCKET_KEY,
    config_path: '/opt/s3load.toml',
    database_url: 'postgresql://db.internal:5432/warehouse?sslmode=verify-full',
    layer_arns: ['arn:aws:lambda:eu-west-1:111122223333:layer:s3load-config:3'],
    tags: { team: 'data-platform' },
  },
};

const ref = (path) => '${' + path + '}';

// ---------------------------------------------------------------------------------------------
// Reading the rendered module
// ---------------------------------------------------------------------------------------------

function for_each_scenario(fn) {
  for (const [name, vars] of Object.entries(SCENARIOS)) fn(vars, name);
}

// The function's policy statements, normalised.
function statements(mod, vars) {
  const doc = mod.one('data.aws_iam_policy_document.function', vars);
  return (doc.statement ?? []).map((s) => ({
    sid: s.sid,
    effect: s.effect ?? 'Allow',
    actions: s.actions ?? [],
    not_actions: s.not_actions,
    resources: s.resources ?? [],
    not_resources: s.not_resources,
    principals: s.principals,
    not_principals: s.not_principals,
    conditions: s.condition ?? [],
  }));
}

function with_action(list, predicate) {
  return list.filter((s) => s.actions.some(predicate));
}

function sorted(list) {
  return [...list].sort();
}

function alarms(mod, vars) {
  return mod.addresses('aws_cloudwatch_metric_alarm').flatMap((address) => mod.render(address, vars));
}

// The one alarm on namespace/metric with exactly these dimensions.
function alarm_on(mod, vars, namespace, metric_name, dimensions) {
  const found = alarms(mod, vars).filter(
    (a) => a.attrs.namespace === namespace && a.attrs.metric_name === metric_name && JSON.stringify(a.attrs.dimensions) === JSON.stringify(dimensions),
  );
  assert.equal(found.length, 1, `expected one alarm on ${namespace} ${metric_name} ${JSON.stringify(dimensions)}, found ${found.length}`);
  return found[0].attrs;
}

// The alarm fires as soon as one period has a value above zero.
function assert_fires_above_zero(alarm, statistic) {
  const label = alarm.alarm_name;
  assert.equal(alarm.statistic, statistic, `${label}: statistic`);
  const above_zero = (alarm.comparison_operator === 'GreaterThanThreshold' && alarm.threshold === 0)
    || (alarm.comparison_operator === 'GreaterThanOrEqualToThreshold' && alarm.threshold === 1);
  assert.ok(above_zero, `${label}: must fire on a value above 0 (${alarm.comparison_operator} ${alarm.threshold})`);
  assert.equal(alarm.evaluation_periods, 1, `${label}: evaluation_periods`);
  assert.ok(alarm.datapoints_to_alarm === undefined || alarm.datapoints_to_alarm === 1, `${label}: datapoints_to_alarm`);
  assert.ok(alarm.period >= 60 && alarm.period <= 300, `${label}: period`);
}

function notification(mod, vars) {
  return mod.one('aws_s3_bucket_notification.feeds', vars);
}

function expected_filters(feeds) {
  return feeds.map((f) => ({ prefix: f.prefix, suffix: f.suffix ? f.suffix : undefined }));
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

export const PROPERTIES = [
  {
    id: 'notification-all-object-created',
    title: 'every notification target receives all s3:ObjectCreated:* events',
    check(mod) {
      for (const [vars, kind] of [[SCENARIOS.direct, 'lambda_function'], [SCENARIOS.sqs, 'queue']]) {
        const targets = notification(mod, vars)[kind] ?? [];
        assert.ok(targets.length > 0, `${kind}: no targets`);
        for (const t of targets) assert.deepEqual(t.events, ['s3:ObjectCreated:*'], `${kind} ${t.id}: events`);
      }
    },
    mutations: [
      { why: 'the function only gets Put events', edits: [{ file: 'notifications.tf', from: 'events              = ["s3:ObjectCreated:*"]', to: 'events              = ["s3:ObjectCreated:Put"]' }] },
      { why: 'the queue misses Copy and Post events', edits: [{ file: 'notifications.tf', from: 'events        = ["s3:ObjectCreated:*"]', to: 'events        = ["s3:ObjectCreated:Put", "s3:ObjectCreated:CompleteMultipartUpload"]' }] },
    ],
  },
  {
    id: 'notification-feed-filters',
    title: 'one notification target per feed, filtered by its prefix and suffix',
    check(mod) {
      for (const [vars, kind] of [[SCENARIOS.direct, 'lambda_function'], [SCENARIOS.sqs, 'queue']]) {
        const targets = notification(mod, vars)[kind] ?? [];
        assert.deepEqual(
          targets.map((t) => ({ prefix: t.filter_prefix, suffix: t.filter_suffix })),
          expected_filters(FEEDS),
          `${kind}: filters`,
        );
        assert.equal(new Set(targets.map((t) => t.id)).size, targets.length, `${kind}: ids must be unique`);
      }
    },
    mutations: [
      { why: 'the suffix filter is dropped', edits: [{ file: 'notifications.tf', from: '      filter_suffix       = lambda_function.value.suffix\n', to: '' }] },
      { why: 'the queue targets share one broad prefix', edits: [{ file: 'notifications.tf', from: 'filter_prefix = queue.value.prefix', to: 'filter_prefix = "acme/"' }] },
    ],
  },
  {
    id: 'notification-single-configuration',
    title: 'one bucket notification resource for the given bucket, targeting the function (direct) or the ingest queue (sqs), created after the permission and queue policy',
    check(mod) {
      assert.deepEqual(mod.addresses('aws_s3_bucket_notification'), ['aws_s3_bucket_notification.feeds']);
      const direct = notification(mod, SCENARIOS.direct);
      assert.equal(direct.bucket, BUCKET);
      assert.deepEqual((direct.lambda_function ?? []).map((t) => t.lambda_function_arn), FEEDS.map(() => ref('aws_lambda_function.s3load.arn')));
      assert.deepEqual(direct.queue ?? [], [], 'direct delivery must not write to a queue');
      const sqs = notification(mod, SCENARIOS.sqs);
      assert.deepEqual((sqs.queue ?? []).map((t) => t.queue_arn), FEEDS.map(() => ref('aws_sqs_queue.ingest[0].arn')));
      assert.deepEqual(sqs.lambda_function ?? [], [], 'sqs delivery must not invoke the function directly');
      const [instance] = mod.render('aws_s3_bucket_notification.feeds', SCENARIOS.direct);
      for (const dep of ['aws_lambda_permission.s3', 'aws_sqs_queue_policy.ingest']) {
        assert.ok(instance.depends_on.includes(dep), `the notification must depend on ${dep}`);
      }
    },
    mutations: [
      { why: 'it no longer waits for the lambda permission', edits: [{ file: 'notifications.tf', from: 'depends_on = [aws_lambda_permission.s3, aws_sqs_queue_policy.ingest]', to: 'depends_on = [aws_sqs_queue_policy.ingest]' }] },
      { why: 'a second notification resource fights over the bucket', edits: [{ file: 'notifications.tf', append: 'resource "aws_s3_bucket_notification" "extra" {\n  bucket = var.bucket_name\n}' }] },
      { why: 'sqs delivery also invokes the function directly', edits: [{ file: 'notifications.tf', from: 'name => feed if !local.sqs_delivery }', to: 'name => feed }' }] },
    ],
  },
  {
    id: 'function-runtime',
    title: 'the function is the zip package on the provided.al2023 custom runtime',
    check(mod) {
      const fn = mod.one('aws_lambda_function.s3load', BASE);
      assert.equal(fn.runtime, 'provided.al2023', 'runtime');
      assert.equal(fn.package_type, 'Zip');
      assert.equal(fn.handler, 'bootstrap');
      assert.equal(fn.filename, BASE.package_path);
      assert.equal(fn.source_code_hash, ref(`filebase64sha256(${JSON.stringify(BASE.package_path)})`), 'a new zip must update the function');
    },
    mutations: [
      { why: 'the runtime is the older provided.al2', edits: [{ file: 'lambda.tf', from: 'runtime          = "provided.al2023"', to: 'runtime          = "provided.al2"' }] },
      { why: 'the code hash no longer follows the zip', edits: [{ file: 'lambda.tf', from: 'source_code_hash = filebase64sha256(var.package_path)', to: 'source_code_hash = "fixed"' }] },
    ],
  },
  {
    id: 'function-architecture',
    title: 'the architecture comes from a variable that accepts only arm64 and x86_64',
    check(mod) {
      for (const architecture of ['arm64', 'x86_64']) {
        const layer = architecture === 'arm64' ? LAYER_ARM64 : LAYER_X86_64;
        const fn = mod.one('aws_lambda_function.s3load', { ...BASE, architecture, secrets_extension_layer_arn: layer });
        assert.deepEqual(fn.architectures, [architecture], 'architectures');
        assert.deepEqual(mod.validation_failures('architecture', architecture), []);
      }
      for (const bad of ['ppc64le', 'ARM64', 'amd64', '']) {
        assert.equal(mod.validation_failures('architecture', bad).length, 1, `architecture ${JSON.stringify(bad)} must be rejected`);
      }
      assert.ok(['arm64', 'x86_64'].includes(mod.default_of('architecture')));
    },
    mutations: [
      { why: 'the architecture is hard-coded', edits: [{ file: 'lambda.tf', from: 'architectures = [var.architecture]', to: 'architectures = ["x86_64"]' }] },
      { why: 'the variable accepts anything', edits: [{ file: 'variables.tf', from: 'condition     = contains(["arm64", "x86_64"], var.architecture)', to: 'condition     = length(var.architecture) >= 0' }] },
    ],
  },
  {
    id: 'function-timeout',
    title: 'the timeout comes from a variable validated to whole seconds in 1..900',
    check(mod) {
      assert.equal(mod.one('aws_lambda_function.s3load', { ...BASE, timeout_seconds: 120 }).timeout, 120, 'timeout must follow timeout_seconds');
      for (const ok of [1, 300, 900]) assert.deepEqual(mod.validation_failures('timeout_seconds', ok), [], `timeout ${ok}`);
      for (const bad of [0, 901, 3600, 1.5]) assert.equal(mod.validation_failures('timeout_seconds', bad).length, 1, `timeout ${bad} must be rejected`);
    },
    mutations: [
      { why: 'the limit is raised past Lambda\'s 900 s', edits: [{ file: 'variables.tf', from: 'var.timeout_seconds <= 900', to: 'var.timeout_seconds <= 3600' }] },
      { why: 'the timeout is hard-coded', edits: [{ file: 'lambda.tf', from: 'timeout       = var.timeout_seconds', to: 'timeout       = 900' }] },
    ],
  },
  {
    id: 'function-memory',
    title: 'memory comes from a variable validated to Lambda\'s range',
    check(mod) {
      assert.equal(mod.one('aws_lambda_function.s3load', { ...BASE, memory_size: 2048 }).memory_size, 2048, 'memory_size must follow the variable');
      assert.deepEqual(mod.validation_failures('memory_size', 128), []);
      for (const bad of [64, 10241]) assert.equal(mod.validation_failures('memory_size', bad).length, 1, `memory ${bad} must be rejected`);
    },
    mutations: [
      { why: 'memory is hard-coded', edits: [{ file: 'lambda.tf', from: 'memory_size   = var.memory_size', to: 'memory_size   = 128' }] },
    ],
  },
  {
    id: 'function-reserved-concurrency',
    title: 'reserved concurrency comes from a required variable of at least 1 (one database connection each)',
    check(mod) {
      assert.equal(mod.one('aws_lambda_function.s3load', { ...BASE, reserved_concurrency: 7 }).reserved_concurrent_executions, 7, 'reserved_concurrent_executions must follow reserved_concurrency');
      assert.equal(mod.has_default('reserved_concurrency'), false, 'the database budget must be chosen, not defaulted');
      assert.deepEqual(mod.validation_failures('reserved_concurrency', 1), []);
      for (const bad of [0, -1, 2.5]) assert.equal(mod.validation_failures('reserved_concurrency', bad).length, 1, `reserved concurrency ${bad} must be rejected`);
    },
    mutations: [
      { why: 'the function has no reserved concurrency', edits: [{ file: 'lambda.tf', from: '  reserved_concurrent_executions = var.reserved_concurrency\n', to: '' }] },
      { why: '-1 (unreserved) is accepted', edits: [{ file: 'variables.tf', from: 'condition     = var.reserved_concurrency >= 1 &&', to: 'condition     = var.reserved_concurrency >= -1 &&' }] },
      { why: 'the variable gets a default', edits: [{ file: 'variables.tf', within: 'variable "reserved_concurrency"', from: 'type        = number\n', to: 'type        = number\n  default     = 100\n' }] },
    ],
  },
  {
    id: 'function-vpc',
    title: 'the function joins the given subnets and security groups, and only when subnets are given',
    check(mod) {
      assert.deepEqual(mod.one('aws_lambda_function.s3load', SCENARIOS.direct).vpc_config ?? [], []);
      assert.deepEqual(mod.one('aws_lambda_function.s3load', SCENARIOS.vpc).vpc_config, [{ subnet_ids: VPC.subnet_ids, security_group_ids: VPC.security_group_ids }]);
      const [fn] = mod.render('aws_lambda_function.s3load', { ...BASE, subnet_ids: VPC.subnet_ids });
      assert.ok(fn.preconditions.some((p) => !p.holds), 'subnets without security groups must be refused');
      assert.ok(mod.render('aws_lambda_function.s3load', SCENARIOS.vpc)[0].preconditions.every((p) => p.holds));
    },
    mutations: [
      { why: 'the VPC configuration is never applied', edits: [{ file: 'lambda.tf', within: 'resource "aws_lambda_function" "s3load"', from: 'for_each = local.in_vpc ? [1] : []', to: 'for_each = []' }] },
      { why: 'subnets without security groups are accepted', edits: [{ file: 'lambda.tf', from: 'condition     = !local.in_vpc || length(var.security_group_ids) > 0', to: 'condition     = true' }] },
    ],
  },
  {
    id: 'function-secrets-extension',
    title: 'the Parameters and Secrets extension layer is attached from a required, validated variable matching the architecture',
    check(mod) {
      const fn = mod.one('aws_lambda_function.s3load', SCENARIOS.everything);
      assert.deepEqual(fn.layers, [LAYER_ARM64, ...SCENARIOS.everything.layer_arns]);
      assert.equal(mod.has_default('secrets_extension_layer_arn'), false, 'layer ARNs differ per region: no default can be right');
      assert.equal(mod.validation_failures('secrets_extension_layer_arn', 'arn:aws:lambda:eu-west-1:111122223333:layer:something-else:1').length, 1);
      assert.deepEqual(mod.validation_failures('secrets_extension_layer_arn', LAYER_X86_64), []);
      const mismatch = mod.render('aws_lambda_function.s3load', { ...BASE, architecture: 'x86_64', secrets_extension_layer_arn: LAYER_ARM64 })[0];
      assert.ok(mismatch.preconditions.some((p) => !p.holds), 'an arm64 layer on an x86_64 function must be refused');
      const other_region = mod.render('aws_lambda_function.s3load', { ...BASE, secrets_extension_layer_arn: LAYER_ARM64.replace('eu-west-1', 'us-east-1') })[0];
      assert.ok(other_region.preconditions.some((p) => !p.holds), 'a layer of another region must be refused');
      assert.ok(mod.render('aws_lambda_function.s3load', BASE)[0].preconditions.every((p) => p.holds));
    },
    mutations: [
      { why: 'the extension layer is not attached', edits: [{ file: 'lambda.tf', from: 'layers = concat([var.secrets_extension_layer_arn], var.layer_arns)', to: 'layers = var.layer_arns' }] },
      { why: 'the layer variable gets a one-region default', edits: [{ file: 'variables.tf', within: 'variable "secrets_extension_layer_arn"', from: 'type        = string\n', to: 'type        = string\n  default     = "arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:11"\n' }] },
      { why: 'the architecture check is dropped', edits: [{ file: 'lambda.tf', from: '== (var.architecture == "arm64")', to: '|| true' }] },
    ],
  },
  {
    id: 'function-environment',
    title: 'the function gets the secret ARN and log level, the config path and database URL only when set, and never a password',
    check(mod) {
      const env = (vars) => mod.one('aws_lambda_function.s3load', vars).environment[0].variables;
      assert.deepEqual(env(BASE), { S3LOAD_DB_SECRET_ARN: SECRET, S3LOAD_LOG_LEVEL: 'info' });
      assert.deepEqual(env(SCENARIOS.everything), {
        S3LOAD_DB_SECRET_ARN: SECRET,
        S3LOAD_LOG_LEVEL: 'info',
        S3LOAD_CONFIG: '/opt/s3load.toml',
        S3LOAD_DATABASE_URL: SCENARIOS.everything.database_url,
      });
      for (const bad of ['postgresql://loader:hunter2@db.internal/warehouse', 'host=db.internal password=hunter2']) {
        assert.equal(mod.validation_failures('database_url', bad).length, 1, `${bad} must be rejected`);
      }
      assert.deepEqual(mod.validation_failures('database_url', 'postgresql://loader@db.internal:5432/warehouse'), []);
      assert.equal(mod.validation_failures('log_level', 'trace').length, 1);
    },
    mutations: [
      { why: 'the secret ARN is not passed', edits: [{ file: 'main.tf', from: 'S3LOAD_DB_SECRET_ARN = var.db_secret_arn', to: 'S3LOAD_DB_SECRET_ARN = null' }] },
      { why: 'a database URL with a password is accepted', edits: [{ file: 'variables.tf', from: '!can(regex("(?i)password|://[^/@]*:[^/@]*@", var.database_url))', to: 'true' }] },
    ],
  },
  {
    id: 'invoke-retries-and-age',
    title: 'asynchronous invocations keep 2 retries (loads are idempotent) and a bounded maximum event age from a variable',
    check(mod) {
      const config = mod.one('aws_lambda_function_event_invoke_config.s3load', { ...BASE, maximum_event_age_seconds: 3600 });
      assert.equal(config.function_name, ref('aws_lambda_function.s3load.function_name'));
      assert.equal(config.maximum_retry_attempts, 2, 'maximum_retry_attempts');
      assert.equal(config.maximum_event_age_in_seconds, 3600, 'maximum_event_age_in_seconds must follow the variable');
      const age = mod.default_of('maximum_event_age_seconds');
      assert.ok(age >= 60 && age <= 21600, `default maximum event age ${age}`);
      for (const bad of [59, 21601]) assert.equal(mod.validation_failures('maximum_event_age_seconds', bad).length, 1, `age ${bad} must be rejected`);
    },
    mutations: [
      { why: 'retries are turned off', edits: [{ file: 'lambda.tf', from: 'maximum_retry_attempts       = 2', to: 'maximum_retry_attempts       = 0' }] },
      { why: 'the event age ignores the variable', edits: [{ file: 'lambda.tf', from: 'maximum_event_age_in_seconds = var.maximum_event_age_seconds', to: 'maximum_event_age_in_seconds = 21600' }] },
      { why: 'the age limit is not validated', edits: [{ file: 'variables.tf', from: 'var.maximum_event_age_seconds <= 21600', to: 'var.maximum_event_age_seconds <= 86400' }] },
    ],
  },
  {
    id: 'invoke-on-failure-queue',
    title: 'failed asynchronous events go to the on-failure SQS queue',
    check(mod) {
      const config = mod.one('aws_lambda_function_event_invoke_config.s3load', BASE);
      assert.deepEqual(config.destination_config, [{ on_failure: [{ destination: ref('aws_sqs_queue.on_failure.arn') }] }]);
    },
    mutations: [
      { why: 'failures go to the alarm topic instead', edits: [{ file: 'lambda.tf', from: 'destination = aws_sqs_queue.on_failure.arn', to: 'destination = var.alarm_topic_arn' }] },
    ],
  },
  {
    id: 'on-failure-queue-retention-encryption',
    title: 'the on-failure queue keeps messages 14 days and is encrypted',
    check(mod) {
      const queue = mod.one('aws_sqs_queue.on_failure', BASE);
      assert.equal(queue.message_retention_seconds, 1209600, 'on-failure queue retention');
      assert.ok(queue.sqs_managed_sse_enabled === true || typeof queue.kms_master_key_id === 'string', 'the queue must be encrypted');
    },
    mutations: [
      { why: 'retention drops to 4 days', edits: [{ file: 'sqs.tf', from: 'failure_retention_seconds = 1209600', to: 'failure_retention_seconds = 345600' }] },
      { why: 'encryption is off', edits: [{ file: 'sqs.tf', within: 'resource "aws_sqs_queue" "on_failure"', from: 'sqs_managed_sse_enabled   = true', to: 'sqs_managed_sse_enabled   = false' }] },
    ],
  },
  {
    id: 'alarm-on-failure-queue-depth',
    title: 'an alarm fires when the on-failure queue holds any message',
    check(mod) {
      const alarm = alarm_on(mod, BASE, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: ref('aws_sqs_queue.on_failure.name') });
      assert_fires_above_zero(alarm, 'Maximum');
    },
    mutations: [
      { why: 'it tolerates ten failed events', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "on_failure_queue_not_empty"', from: 'threshold           = 0', to: 'threshold           = 10' }] },
      { why: 'it watches the wrong metric', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "on_failure_queue_not_empty"', from: 'metric_name = "ApproximateNumberOfMessagesVisible"', to: 'metric_name = "NumberOfMessagesSent"' }] },
    ],
  },
  {
    id: 'alarm-function-errors',
    title: 'an alarm fires on any function error',
    check(mod) {
      assert_fires_above_zero(alarm_on(mod, BASE, 'AWS/Lambda', 'Errors', { FunctionName: ref('aws_lambda_function.s3load.function_name') }), 'Sum');
    },
    mutations: [
      { why: 'it watches invocations instead', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "function_errors"', from: 'metric_name = "Errors"', to: 'metric_name = "Invocations"' }] },
      { why: 'it waits ten periods', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "function_errors"', from: 'evaluation_periods  = 1', to: 'evaluation_periods  = 10' }] },
    ],
  },
  {
    id: 'alarm-function-throttles',
    title: 'an alarm fires on any throttle',
    check(mod) {
      assert_fires_above_zero(alarm_on(mod, BASE, 'AWS/Lambda', 'Throttles', { FunctionName: ref('aws_lambda_function.s3load.function_name') }), 'Sum');
    },
    mutations: [
      { why: 'the comparison is inverted', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "function_throttles"', from: 'comparison_operator = "GreaterThanThreshold"', to: 'comparison_operator = "LessThanThreshold"' }] },
    ],
  },
  {
    id: 'alarm-files-rejected',
    title: 'an alarm per feed fires when s3load rejects a file of it (FilesRejected, namespace s3load, dimension Feed)',
    check(mod) {
      assert.equal(mod.default_of('metrics_namespace'), 's3load');
      for (const feed of FEEDS) {
        assert_fires_above_zero(alarm_on(mod, BASE, 's3load', 'FilesRejected', { Feed: feed.name }), 'Sum');
      }
      const custom = alarms(mod, { ...BASE, metrics_namespace: 'loader' }).filter((a) => a.attrs.metric_name === 'FilesRejected');
      assert.deepEqual(custom.map((a) => a.attrs.namespace), FEEDS.map(() => 'loader'));
    },
    mutations: [
      { why: 'the dimension no longer names the feed', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "files_rejected"', from: 'Feed = each.key', to: 'Feed = "all"' }] },
      { why: 'the namespace is not the one s3load emits', edits: [{ file: 'variables.tf', within: 'variable "metrics_namespace"', from: 'default     = "s3load"', to: 'default     = "S3Load"' }] },
      { why: 'the namespace ignores the variable', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "files_rejected"', from: 'namespace   = var.metrics_namespace', to: 'namespace   = "s3load"' }] },
    ],
  },
  {
    id: 'alarm-files-failed',
    title: 'an alarm per feed fires when a file of it fails transiently, operator faults included (FilesFailed, the namespace s3load emits to, dimension Feed)',
    check(mod) {
      for (const feed of FEEDS) {
        assert_fires_above_zero(alarm_on(mod, BASE, 's3load', 'FilesFailed', { Feed: feed.name }), 'Sum');
      }
      const custom = alarms(mod, { ...BASE, metrics_namespace: 'loader' }).filter((a) => a.attrs.metric_name === 'FilesFailed');
      assert.deepEqual(custom.map((a) => a.attrs.namespace), FEEDS.map(() => 'loader'));
    },
    mutations: [
      { why: 'the alarm watches another metric', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "files_failed"', from: 'metric_name = "FilesFailed"', to: 'metric_name = "FilesLoaded"' }] },
      { why: 'the dimension no longer names the feed', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "files_failed"', from: 'Feed = each.key', to: 'Feed = "all"' }] },
      { why: 'the namespace ignores the variable', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "files_failed"', from: 'namespace   = var.metrics_namespace', to: 'namespace   = "s3load"' }] },
    ],
  },
  {
    id: 'alarm-ingest-dlq-depth',
    title: 'with sqs delivery an alarm fires when the ingest dead-letter queue holds any message',
    check(mod) {
      assert_fires_above_zero(alarm_on(mod, SCENARIOS.sqs, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: ref('aws_sqs_queue.ingest_dlq[0].name') }), 'Maximum');
    },
    mutations: [
      { why: 'the alarm is never created', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "ingest_dlq_not_empty"', from: 'count = local.sqs_delivery ? 1 : 0', to: 'count = 0' }] },
    ],
  },
  {
    id: 'alarms-notify-topic',
    title: 'every alarm notifies the SNS topic on alarm and on OK, and treats missing data as not breaching',
    check(mod) {
      for_each_scenario((vars, scenario) => {
        const list = alarms(mod, vars);
        assert.ok(list.length >= 3 + FEEDS.length, `${scenario}: too few alarms`);
        for (const { attrs } of list) {
          assert.deepEqual(attrs.alarm_actions, [TOPIC], `${scenario} ${attrs.alarm_name}: alarm_actions`);
          assert.deepEqual(attrs.ok_actions, [TOPIC], `${scenario} ${attrs.alarm_name}: ok_actions`);
          assert.equal(attrs.treat_missing_data, 'notBreaching', `${scenario} ${attrs.alarm_name}: treat_missing_data`);
          assert.ok(attrs.actions_enabled === undefined || attrs.actions_enabled === true, `${scenario} ${attrs.alarm_name}: actions_enabled`);
        }
      });
    },
    mutations: [
      { why: 'the throttles alarm notifies nobody', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "function_throttles"', from: '  alarm_actions = [var.alarm_topic_arn]\n', to: '' }] },
      { why: 'rejected-file alarms never report recovery', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "files_rejected"', from: '  ok_actions    = [var.alarm_topic_arn]\n', to: '' }] },
      { why: 'the errors alarm fires on silence', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "function_errors"', from: 'treat_missing_data = "notBreaching"', to: 'treat_missing_data = "breaching"' }] },
      { why: 'the dead-letter alarm has no action', edits: [{ file: 'alarms.tf', within: 'resource "aws_cloudwatch_metric_alarm" "ingest_dlq_not_empty"', from: 'alarm_actions = [var.alarm_topic_arn]', to: 'alarm_actions = []' }] },
    ],
  },
  {
    id: 'log-group-retention',
    title: 'the function\'s log group /aws/lambda/<name> keeps logs 14 days',
    check(mod) {
      const vars = { ...BASE, name: 'vendor-loader' };
      const group = mod.one('aws_cloudwatch_log_group.function', vars);
      assert.equal(group.name, `/aws/lambda/${mod.one('aws_lambda_function.s3load', vars).function_name}`);
      assert.equal(group.name, '/aws/lambda/vendor-loader');
      assert.equal(group.retention_in_days, 14, 'log retention');
    },
    mutations: [
      { why: 'logs are kept forever', edits: [{ file: 'lambda.tf', from: 'retention_in_days = 14', to: 'retention_in_days = 0' }] },
      { why: 'the group is not the one Lambda writes to', edits: [{ file: 'lambda.tf', from: 'name              = "/aws/lambda/${var.name}"', to: 'name              = "/s3load/${var.name}"' }] },
    ],
  },
  {
    id: 'function-after-log-group',
    title: 'the function depends on its log group, so Lambda never creates one without retention',
    check(mod) {
      const [fn] = mod.render('aws_lambda_function.s3load', BASE);
      assert.ok(fn.depends_on.includes('aws_cloudwatch_log_group.function'));
    },
    mutations: [
      { why: 'the dependency is dropped', edits: [{ file: 'lambda.tf', from: 'depends_on = [aws_cloudwatch_log_group.function, aws_iam_role_policy.function]', to: 'depends_on = [aws_iam_role_policy.function]' }] },
    ],
  },
  {
    id: 'iam-trust-lambda-only',
    title: 'the role can be assumed by lambda.amazonaws.com only',
    check(mod) {
      assert.deepEqual(mod.addresses('aws_iam_role'), ['aws_iam_role.function']);
      const role = mod.one('aws_iam_role.function', BASE);
      assert.equal(role.assume_role_policy, ref('data.aws_iam_policy_document.assume_role.json'));
      const doc = mod.one('data.aws_iam_policy_document.assume_role', BASE);
      assert.deepEqual(doc.statement.map((s) => ({ effect: s.effect ?? 'Allow', actions: s.actions, principals: s.principals })), [
        { effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] },
      ]);
    },
    mutations: [
      { why: 'EC2 may assume the role too', edits: [{ file: 'iam.tf', from: 'identifiers = ["lambda.amazonaws.com"]', to: 'identifiers = ["lambda.amazonaws.com", "ec2.amazonaws.com"]' }] },
    ],
  },
  {
    id: 'iam-single-inline-policy',
    title: 'the role\'s only permissions are the module\'s inline policy (no managed policies)',
    check(mod) {
      assert.deepEqual(mod.addresses('aws_iam_role_policy'), ['aws_iam_role_policy.function']);
      for (const type of ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_policy', 'aws_iam_role_policies_exclusive', 'aws_iam_role_policy_attachments_exclusive']) {
        assert.deepEqual(mod.addresses(type), [], `no ${type}`);
      }
      const policy = mod.one('aws_iam_role_policy.function', BASE);
      assert.equal(policy.role, ref('aws_iam_role.function.id'));
      assert.equal(policy.policy, ref('data.aws_iam_policy_document.function.json'));
      const role = mod.one('aws_iam_role.function', BASE);
      assert.equal(role.managed_policy_arns, undefined);
      assert.equal(role.inline_policy, undefined);
    },
    mutations: [
      { why: 'the managed VPC policy (logs on "*") is attached', edits: [{ file: 'iam.tf', append: 'resource "aws_iam_role_policy_attachment" "vpc" {\n  role       = aws_iam_role.function.name\n  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"\n}' }] },
    ],
  },
  {
    id: 'iam-no-wildcard-actions',
    title: 'no policy action contains a wildcard (no s3:*), no NotAction/NotResource, only Allow',
    check(mod) {
      for_each_scenario((vars, scenario) => {
        for (const s of statements(mod, vars)) {
          assert.equal(s.effect, 'Allow', `${scenario} ${s.sid}`);
          assert.equal(s.not_actions, undefined, `${scenario} ${s.sid}: not_actions`);
          assert.equal(s.not_resources, undefined, `${scenario} ${s.sid}: not_resources`);
          assert.ok(s.actions.length > 0, `${scenario} ${s.sid}: actions`);
          for (const action of s.actions) {
            assert.match(action, /^[a-z0-9-]+:[A-Za-z0-9]+$/, `${scenario} ${s.sid}: action ${action}`);
          }
        }
      });
    },
    mutations: [
      { why: 's3:* is granted', edits: [{ file: 'iam.tf', from: 'actions   = ["s3:GetObject", "s3:GetObjectVersion"]', to: 'actions   = ["s3:*"]' }] },
      { why: 'logs:* is granted', edits: [{ file: 'iam.tf', from: 'actions = ["logs:CreateLogStream", "logs:PutLogEvents"]', to: 'actions = ["logs:*"]' }] },
      { why: 'ec2:Describe* is granted in a VPC', edits: [{ file: 'iam.tf', from: '"ec2:DescribeSubnets",', to: '"ec2:Describe*",' }] },
    ],
  },
  {
    id: 'iam-star-resource-only-for-vpc',
    title: 'Resource "*" appears only on the VPC network-interface statement, and that statement exists only when subnets are given',
    check(mod) {
      const eni_actions = ['ec2:AssignPrivateIpAddresses', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:UnassignPrivateIpAddresses'];
      for_each_scenario((vars, scenario) => {
        const in_vpc = (vars.subnet_ids ?? []).length > 0;
        const list = statements(mod, vars);
        for (const s of list) {
          const wide = s.resources.filter((r) => r === '*' || /^arn:[^:]*:[^:]*:\*/.test(r) || r.endsWith(':*:*:*'));
          if (wide.length > 0) {
            assert.deepEqual(sorted(s.actions), eni_actions, `${scenario} ${s.sid}: "*" resources for ${s.actions}`);
            assert.deepEqual(s.resources, ['*'], `${scenario} ${s.sid}`);
          }
        }
        const eni = with_action(list, (a) => a.startsWith('ec2:'));
        assert.equal(eni.length, in_vpc ? 1 : 0, `${scenario}: VPC statements`);
      });
    },
    mutations: [
      { why: 'the secret statement allows "*"', edits: [{ file: 'iam.tf', from: 'resources = [var.db_secret_arn]', to: 'resources = ["*"]' }] },
      { why: 'the ENI permissions are granted without a VPC', edits: [{ file: 'iam.tf', from: 'for_each = local.in_vpc ? [1] : []', to: 'for_each = [1]' }] },
    ],
  },
  {
    id: 'iam-s3-feed-prefixes',
    title: 'S3 access is s3:GetObject and s3:GetObjectVersion on exactly <bucket>/<prefix>* of each feed, and feed prefixes cannot widen it',
    check(mod) {
      for_each_scenario((vars, scenario) => {
        const s3 = with_action(statements(mod, vars), (a) => a.startsWith('s3:'));
        assert.equal(s3.length, 1, `${scenario}: S3 statements`);
        assert.deepEqual(sorted(s3[0].actions), ['s3:GetObject', 's3:GetObjectVersion'], scenario);
        assert.deepEqual(s3[0].resources, FEEDS.map((f) => `${BUCKET_ARN}/${f.prefix}*`), scenario);
        assert.deepEqual(s3[0].conditions, [], scenario);
      });
      for (const prefix of ['', '*', 'acme/*/orders/', 'acme/?', '/acme/', '${aws:username}/']) {
        assert.ok(mod.validation_failures('feeds', [{ name: 'f', prefix }]).length > 0, `feed prefix ${JSON.stringify(prefix)} must be rejected`);
      }
      assert.deepEqual(mod.validation_failures('feeds', FEEDS), []);
    },
    mutations: [
      { why: 'the whole bucket is readable', edits: [{ file: 'main.tf', from: '"${local.bucket_arn}/${f.prefix}*"', to: '"${local.bucket_arn}/*"' }] },
      { why: 'every bucket is readable', edits: [{ file: 'main.tf', from: 's3:::${var.bucket_name}"', to: 's3:::*"' }] },
      { why: 's3:ListBucket is added', edits: [{ file: 'iam.tf', from: 'actions   = ["s3:GetObject", "s3:GetObjectVersion"]', to: 'actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"]' }] },
      { why: 'an empty prefix is accepted', edits: [{ file: 'variables.tf', from: 'length(f.prefix) > 0 && ', to: '' }] },
      { why: 'wildcards in prefixes are accepted', edits: [{ file: 'variables.tf', from: '!can(regex("[*?$]", f.prefix))', to: 'true' }] },
    ],
  },
  {
    id: 'iam-sqs-send-on-failure-only',
    title: 'sqs:SendMessage is allowed on the on-failure queue only',
    check(mod) {
      for_each_scenario((vars, scenario) => {
        const send = with_action(statements(mod, vars), (a) => a === 'sqs:SendMessage');
        assert.equal(send.length, 1, scenario);
        assert.deepEqual(send[0].actions, ['sqs:SendMessage'], scenario);
        assert.deepEqual(send[0].resources, [ref('aws_sqs_queue.on_failure.arn')], scenario);
      });
    },
    mutations: [
      { why: 'it may send to any queue', edits: [{ file: 'iam.tf', from: 'resources = [aws_sqs_queue.on_failure.arn]', to: 'resources = ["arn:aws:sqs:*:*:*"]' }] },
    ],
  },
  {
    id: 'iam-sqs-consume-ingest-only',
    title: 'receiving from SQS is allowed only with sqs delivery, on the ingest queue only, with exactly the three actions Lambda needs',
    check(mod) {
      for_each_scenario((vars, scenario) => {
        const consume = with_action(statements(mod, vars), (a) => a.startsWith('sqs:') && a !== 'sqs:SendMessage');
        if (vars.delivery !== 'sqs') {
          assert.deepEqual(consume, [], `${scenario}: no queue consumption without sqs delivery`);
          return;
        }
        assert.equal(consume.length, 1, scenario);
        assert.deepEqual(sorted(consume[0].actions), ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], scenario);
        assert.deepEqual(consume[0].resources, [ref('aws_sqs_queue.ingest[0].arn')], scenario);
      });
    },
    mutations: [
      { why: 'the consume statement is present in direct mode', edits: [{ file: 'iam.tf', from: 'for_each = local.sqs_delivery ? [1] : []', to: 'for_each = [1]' }] },
      { why: 'it may consume any queue', edits: [{ file: 'iam.tf', from: 'resources = [aws_sqs_queue.ingest[0].arn]', to: 'resources = ["arn:aws:sqs:*:*:*"]' }] },
    ],
  },
  {
    id: 'iam-secret-only',
    title: 'secretsmanager:GetSecretValue on the one database secret, nothing else in Secrets Manager',
    check(mod) {
      for_each_scenario((vars, scenario) => {
        const secrets = with_action(statements(mod, vars), (a) => a.startsWith('secretsmanager:'));
        assert.equal(secrets.length, 1, scenario);
        assert.deepEqual(secrets[0].actions, ['secretsmanager:GetSecretValue'], scenario);
        assert.deepEqual(secrets[0].resources, [SECRET], scenario);
      });
      assert.equal(mod.validation_failures('db_secret_arn', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:*').length, 1, 'a wildcard secret ARN must be rejected');
    },
    mutations: [
      { why: 'ListSecrets is added', edits: [{ file: 'iam.tf', from: 'actions   = ["secretsmanager:GetSecretValue"]', to: 'actions   = ["secretsmanager:GetSecretValue", "secretsmanager:ListSecrets"]' }] },
      { why: 'the secret ARN may be a wildcard', edits: [{ file: 'variables.tf', from: ':secret:[^*?]+$', to: ':secret:.+$' }] },
    ],
  },
  {
    id: 'iam-kms-only-when-configured',
    title: 'kms:Decrypt only when a key variable is set, on that key only, through its service only',
    check(mod) {
      assert.deepEqual(with_action(statements(mod, BASE), (a) => a.startsWith('kms:')), [], 'no KMS access without keys');
      const kms = with_action(statements(mod, SCENARIOS.everything), (a) => a.startsWith('kms:'));
      const by_key = Object.fromEntries(kms.map((s) => [s.resources.join(','), s]));
      assert.deepEqual(Object.keys(by_key).sort(), [BUCKET_KEY, SECRET_KEY].sort());
      const via = (s) => s.conditions.find((c) => c.variable === 'kms:ViaService');
      for (const [key, service] of [[SECRET_KEY, 'secretsmanager'], [BUCKET_KEY, 's3']]) {
        assert.deepEqual(by_key[key].actions, ['kms:Decrypt']);
        assert.deepEqual(via(by_key[key]), { test: 'StringEquals', variable: 'kms:ViaService', values: [`${service}.eu-west-1.amazonaws.com`] });
      }
    },
    mutations: [
      { why: 'every key may be used', edits: [{ file: 'iam.tf', from: 'for_each = var.db_secret_kms_key_arn == null ? [] : [var.db_secret_kms_key_arn]', to: 'for_each = ["arn:aws:kms:*:*:key/*"]' }] },
      { why: 'the bucket key may be used outside S3', edits: [{ file: 'iam.tf', from: 'values   = ["s3.${data.aws_region.current.name}.amazonaws.com"]', to: 'values   = ["*"]' }] },
    ],
  },
  {
    id: 'iam-logs-own-group',
    title: 'log writes (CreateLogStream, PutLogEvents) on the function\'s own log group only, no CreateLogGroup',
    check(mod) {
      for_each_scenario((vars, scenario) => {
        const logs = with_action(statements(mod, vars), (a) => a.startsWith('logs:'));
        assert.equal(logs.length, 1, scenario);
        assert.deepEqual(sorted(logs[0].actions), ['logs:CreateLogStream', 'logs:PutLogEvents'], scenario);
        assert.deepEqual(logs[0].resources, [`${ref('aws_cloudwatch_log_group.function.arn')}:*`], scenario);
      });
    },
    mutations: [
      { why: 'CreateLogGroup is granted', edits: [{ file: 'iam.tf', from: 'actions = ["logs:CreateLogStream", "logs:PutLogEvents"]', to: 'actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]' }] },
      { why: 'it may write to every log group', edits: [{ file: 'iam.tf', from: 'resources = ["${aws_cloudwatch_log_group.function.arn}:*"]', to: 'resources = ["arn:aws:logs:*:*:*"]' }] },
    ],
  },
  {
    id: 'lambda-permission-pinned',
    title: 'S3 may invoke the function only for the one bucket of the one owner account (direct delivery only)',
    check(mod) {
      for (const [vars, owner] of [[BASE, ACCOUNT], [{ ...BASE, bucket_owner_account_id: '444455556666' }, '444455556666']]) {
        const permission = mod.one('aws_lambda_permission.s3', vars);
        assert.equal(permission.action, 'lambda:InvokeFunction');
        assert.equal(permission.principal, 's3.amazonaws.com');
        assert.equal(permission.function_name, ref('aws_lambda_function.s3load.function_name'));
        assert.equal(permission.source_arn, BUCKET_ARN, 'source_arn');
        assert.equal(permission.source_account, owner, 'source_account');
        assert.equal(permission.qualifier, undefined);
      }
      assert.deepEqual(mod.addresses('aws_lambda_permission'), ['aws_lambda_permission.s3']);
      assert.deepEqual(mod.render('aws_lambda_permission.s3', SCENARIOS.sqs), [], 'sqs delivery needs no invoke permission');
    },
    mutations: [
      { why: 'source_account is dropped', edits: [{ file: 'lambda.tf', from: '  source_account = local.bucket_owner\n', to: '' }] },
      { why: 'source_arn is dropped', edits: [{ file: 'lambda.tf', from: '  source_arn    = local.bucket_arn\n', to: '' }] },
      { why: 'the bucket owner variable is ignored', edits: [{ file: 'main.tf', from: 'var.bucket_owner_account_id != null ? var.bucket_owner_account_id : data.aws_caller_identity.current.account_id', to: 'data.aws_caller_identity.current.account_id' }] },
    ],
  },
  {
    id: 'sqs-event-source-mapping',
    title: 'with sqs delivery the function polls the ingest queue in batches of the given size and reports partial batch failures',
    check(mod) {
      const vars = { ...SCENARIOS.sqs, sqs_batch_size: 25, sqs_maximum_batching_window_seconds: 5 };
      const mapping = mod.one('aws_lambda_event_source_mapping.ingest', vars);
      assert.equal(mapping.event_source_arn, ref('aws_sqs_queue.ingest[0].arn'));
      assert.equal(mapping.function_name, ref('aws_lambda_function.s3load.arn'));
      assert.deepEqual(mapping.function_response_types, ['ReportBatchItemFailures'], 'function_response_types');
      assert.equal(mapping.batch_size, 25, 'batch_size must follow sqs_batch_size');
      assert.equal(mapping.maximum_batching_window_in_seconds, 5);
      const concurrency = mapping.scaling_config?.[0]?.maximum_concurrency;
      assert.ok(concurrency >= 2 && concurrency <= vars.reserved_concurrency, `pollers (${concurrency}) must stay within the reserved concurrency`);
      assert.deepEqual(mod.render('aws_lambda_event_source_mapping.ingest', SCENARIOS.direct), []);
      const [big] = mod.render('aws_lambda_event_source_mapping.ingest', { ...SCENARIOS.sqs, sqs_batch_size: 50 });
      assert.ok(big.preconditions.some((p) => !p.holds), 'batches above 10 without a batching window must be refused');
    },
    mutations: [
      { why: 'partial batch failures are not reported', edits: [{ file: 'sqs.tf', from: '  function_response_types = ["ReportBatchItemFailures"]\n', to: '' }] },
      { why: 'the batch size ignores the variable', edits: [{ file: 'sqs.tf', from: 'batch_size                         = var.sqs_batch_size', to: 'batch_size                         = 10' }] },
      { why: 'pollers exceed the reserved concurrency', edits: [{ file: 'sqs.tf', from: 'maximum_concurrency = min(var.reserved_concurrency, 1000)', to: 'maximum_concurrency = 1000' }] },
    ],
  },
  {
    id: 'sqs-visibility-timeout',
    title: 'the ingest queue\'s visibility timeout is at least 6 times the function timeout, for every allowed timeout',
    check(mod) {
      for (const timeout_seconds of [1, 30, 300, 900]) {
        for (const window of [0, 300]) {
          const vars = { ...SCENARIOS.sqs, timeout_seconds, sqs_maximum_batching_window_seconds: window };
          const visibility = mod.one('aws_sqs_queue.ingest', vars).visibility_timeout_seconds;
          assert.ok(visibility >= 6 * timeout_seconds + window, `timeout ${timeout_seconds}s, window ${window}s: visibility ${visibility}s`);
          assert.ok(visibility <= 43200, `visibility ${visibility}s exceeds the SQS maximum`);
        }
      }
    },
    mutations: [
      { why: 'only twice the timeout', edits: [{ file: 'sqs.tf', from: 'visibility_timeout_seconds = 6 * var.timeout_seconds', to: 'visibility_timeout_seconds = 2 * var.timeout_seconds' }] },
      { why: 'a fixed 30 s', edits: [{ file: 'sqs.tf', from: 'visibility_timeout_seconds = 6 * var.timeout_seconds + var.sqs_maximum_batching_window_seconds', to: 'visibility_timeout_seconds = 30' }] },
    ],
  },
  {
    id: 'sqs-dead-letter-queue',
    title: 'the ingest queue redrives to its own encrypted 14-day dead-letter queue after sqs_max_receive_count receives',
    check(mod) {
      const vars = { ...SCENARIOS.sqs, sqs_max_receive_count: 7 };
      const ingest = mod.one('aws_sqs_queue.ingest', vars);
      assert.deepEqual(JSON.parse(ingest.redrive_policy), { deadLetterTargetArn: ref('aws_sqs_queue.ingest_dlq[0].arn'), maxReceiveCount: 7 });
      assert.equal(mod.default_of('sqs_max_receive_count'), 5);
      const dlq = mod.one('aws_sqs_queue.ingest_dlq', vars);
      assert.equal(dlq.message_retention_seconds, 1209600, 'dead-letter queue retention');
      for (const queue of [ingest, dlq]) {
        assert.ok(queue.sqs_managed_sse_enabled === true || typeof queue.kms_master_key_id === 'string', `${queue.name} must be encrypted`);
      }
      assert.deepEqual(mod.render('aws_sqs_queue.ingest_dlq', SCENARIOS.direct), []);
    },
    mutations: [
      { why: 'dead letters go to the on-failure queue', edits: [{ file: 'sqs.tf', from: 'deadLetterTargetArn = aws_sqs_queue.ingest_dlq[0].arn', to: 'deadLetterTargetArn = aws_sqs_queue.on_failure.arn' }] },
      { why: 'the receive count is fixed', edits: [{ file: 'sqs.tf', from: 'maxReceiveCount     = var.sqs_max_receive_count', to: 'maxReceiveCount     = 1000' }] },
      { why: 'the dead-letter queue is not encrypted', edits: [{ file: 'sqs.tf', within: 'resource "aws_sqs_queue" "ingest_dlq"', from: 'sqs_managed_sse_enabled   = true', to: 'sqs_managed_sse_enabled   = false' }] },
      { why: 'dead letters are kept 4 days', edits: [{ file: 'sqs.tf', within: 'resource "aws_sqs_queue" "ingest_dlq"', from: 'message_retention_seconds = local.failure_retention_seconds', to: 'message_retention_seconds = 345600' }] },
    ],
  },
  {
    id: 'sqs-queue-policy-pinned',
    title: 'only S3, for the one bucket of the one owner account, may send to the ingest queue',
    check(mod) {
      const policy = mod.one('aws_sqs_queue_policy.ingest', SCENARIOS.sqs);
      assert.equal(policy.queue_url, ref('aws_sqs_queue.ingest[0].id'));
      assert.equal(policy.policy, ref('data.aws_iam_policy_document.ingest_queue[0].json'));
      const doc = mod.one('data.aws_iam_policy_document.ingest_queue', SCENARIOS.sqs);
      assert.equal(doc.statement.length, 1);
      const [s] = doc.statement;
      assert.equal(s.effect ?? 'Allow', 'Allow');
      assert.deepEqual(s.actions, ['sqs:SendMessage']);
      assert.deepEqual(s.resources, [ref('aws_sqs_queue.ingest[0].arn')]);
      assert.deepEqual(s.principals, [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }]);
      const conditions = Object.fromEntries(s.condition.map((c) => [c.variable, c]));
      assert.deepEqual(conditions['aws:SourceArn'], { test: 'ArnEquals', variable: 'aws:SourceArn', values: [BUCKET_ARN] });
      assert.deepEqual(conditions['aws:SourceAccount'], { test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] });
    },
    mutations: [
      { why: 'the source account is not checked', edits: [{ file: 'sqs.tf', from: 'variable = "aws:SourceAccount"', to: 'variable = "aws:UserAgent"' }] },
      { why: 'any bucket may send', edits: [{ file: 'sqs.tf', from: 'values   = [local.bucket_arn]', to: 'values   = ["arn:aws:s3:::*"]' }] },
    ],
  },
  {
    id: 'tags-everywhere',
    title: 'the tags variable is applied to every taggable resource',
    check(mod) {
      const taggable = ['aws_lambda_function', 'aws_cloudwatch_log_group', 'aws_iam_role', 'aws_sqs_queue', 'aws_cloudwatch_metric_alarm'];
      const vars = SCENARIOS.everything;
      let seen = 0;
      for (const type of taggable) {
        for (const address of mod.addresses(type)) {
          for (const instance of mod.render(address, vars)) {
            assert.deepEqual(instance.attrs.tags, vars.tags, `${instance.address}: tags`);
            seen++;
          }
        }
      }
      assert.ok(seen >= 10, `only ${seen} taggable resources rendered`);
    },
    mutations: [
      { why: 'the dead-letter queue is untagged', edits: [{ file: 'sqs.tf', within: 'resource "aws_sqs_queue" "ingest_dlq"', from: '  tags                      = var.tags\n', to: '' }] },
      { why: 'the role has fixed tags', edits: [{ file: 'iam.tf', from: 'tags               = var.tags', to: 'tags               = {}' }] },
    ],
  },
  {
    id: 'versions-pinned',
    title: 'Terraform >= 1.5 and the AWS provider ~> 5.0 are required',
    check(mod) {
      const blocks = mod.terraform_blocks;
      assert.equal(blocks.length, 1);
      assert.equal(blocks[0].required_version, '>= 1.5');
      assert.deepEqual(blocks[0].required_providers, [{ aws: { source: 'hashicorp/aws', version: '~> 5.0' } }]);
    },
    mutations: [
      { why: 'any provider from 4.0 on is accepted', edits: [{ file: 'versions.tf', from: 'version = "~> 5.0"', to: 'version = ">= 4.0"' }] },
    ],
  },
  {
    id: 'interface-documented',
    title: 'every variable and output of the module has a description',
    check(mod) {
      for (const [name, body] of [...Object.entries(mod.variables), ...Object.entries(mod.outputs)]) {
        assert.ok(typeof body.description === 'string' && body.description.length > 10, `${name} has no description`);
      }
    },
    mutations: [
      { why: 'a variable loses its description', edits: [{ file: 'variables.tf', from: '  description = "sqs delivery: records per invocation.', to: '  # description = "sqs delivery: records per invocation.' }] },
    ],
  },
];
