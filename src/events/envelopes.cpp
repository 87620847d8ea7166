// Envelopes that carry S3 events as strings: SQS messages and SNS notifications.
// SQS → Lambda: docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (the S3 JSON is the "body" string).
// SNS: docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html (the S3 JSON is the "Message"
// string; SNS → SQS without raw delivery puts this envelope in the SQS body).

#include <utility>

#include "events/event_shapes.h"

namespace s3load::event_detail {

void parse_sqs_message(const Located& record, const EventParseOptions& options, ParsedEvent& out) {
  const Scope batch{.options = options};  // items of a message that cannot be identified belong to no message
  auto message_id = required_string(record, "messageId");
  if (auto* problem = problem_of(message_id)) {
    add_item(out, batch, record.path, std::move(*problem));
    return;
  }
  out.message_ids.push_back(value_of(message_id));
  const Scope message{.path = member_path(record.path, "body"),
                      .message_id = std::move(value_of(message_id)),
                      .nesting = Nesting::sqs_body,
                      .options = options};
  const Json* body = find_member(*record.value, "body");
  if (body == nullptr) {
    add_item(out, message, message.path, problem_at(message.path, "missing"));
  } else if (!body->is_string()) {
    add_item(out, message, message.path, problem_at(message.path, wrong_type("a string", *body)));
  } else {
    parse_document(body->get_ref<const Json::string_t&>(), message, out);
  }
}

void parse_sns_envelope(const Located& envelope, const Scope& scope, ParsedEvent& out) {
  const std::string path = display_path(envelope.path);
  if (scope.nesting == Nesting::sns_message) {
    add_item(out, scope, path,
             problem_at(envelope.path, "an SNS notification inside an SNS message is not an S3 event"));
    return;
  }
  auto type = required_string(envelope, "Type");
  if (auto* problem = problem_of(type)) {
    add_item(out, scope, path, std::move(*problem));
    return;
  }
  if (value_of(type) != "Notification") {
    // SubscriptionConfirmation and UnsubscribeConfirmation name no object.
    add_item(out, scope, path,
             Ignored{"SNS " + json_quoted(value_of(type)) + " message is not an S3 event; nothing to load"});
    return;
  }
  const Scope message{.path = member_path(envelope.path, "Message"),
                      .message_id = scope.message_id,
                      .nesting = Nesting::sns_message,
                      .options = scope.options};
  const Json* text = find_member(*envelope.value, "Message");
  if (text == nullptr) {
    add_item(out, message, message.path, problem_at(message.path, "missing"));
  } else if (!text->is_string()) {
    add_item(out, message, message.path, problem_at(message.path, wrong_type("a string", *text)));
  } else {
    parse_document(text->get_ref<const Json::string_t&>(), message, out);
  }
}

}  // namespace s3load::event_detail
