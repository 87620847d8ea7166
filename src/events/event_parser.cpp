#include "events/event_parser.h"

#include <utility>

#include "events/bucket_name.h"
#include "events/event_shapes.h"

namespace s3load {
namespace event_detail {
namespace {

constexpr std::string_view BAD_EVENT = "bad_event";

// S3 notification sources whose records this parser reads (and how their keys are encoded: see
// s3_records.cpp).
bool is_s3_record_source(std::string_view source) {
  return source == "aws:s3" || source == "minio:s3" || source == "ceph:s3";
}

// The member naming a record's source. Lambda spells it "eventSource" everywhere except in SNS records
// ("EventSource").
std::string_view source_member(const Json& record) {
  const bool capitalised =
      find_member(record, "eventSource") == nullptr && find_member(record, "EventSource") != nullptr;
  return capitalised ? "EventSource" : "eventSource";
}

void parse_record(const Located& record, const Scope& scope, ParsedEvent& out) {
  if (!record.value->is_object()) {
    add_item(out, scope, record.path, problem_at(record.path, wrong_type("an object", *record.value)));
    return;
  }
  const std::string_view member = source_member(*record.value);
  auto source = required_string(record, member);
  if (auto* problem = problem_of(source)) {
    add_item(out, scope, record.path, std::move(*problem));
    return;
  }
  const std::string& event_source = value_of(source);
  const bool top = scope.nesting == Nesting::top;
  if (is_s3_record_source(event_source)) {
    add_item(out, scope, record.path, read_s3_record(record, event_source, scope.options));
  } else if (event_source == "aws:sqs" && top) {
    out.is_sqs_batch = true;
    parse_sqs_message(record, scope.options, out);
  } else if (event_source == "aws:sns" && top) {
    auto envelope = required_object(record, "Sns");
    if (auto* problem = problem_of(envelope)) {
      add_item(out, scope, record.path, std::move(*problem));
      return;
    }
    parse_sns_envelope(value_of(envelope), scope, out);
  } else if (event_source == "aws:sqs" || event_source == "aws:sns") {
    add_item(
        out, scope, record.path,
        problem_at(member_path(record.path, member),
                   json_quoted(event_source) + " records are accepted only at the top level of an event, "
                                               "not inside an SQS message body or an SNS message"));
  } else {
    add_item(out, scope, record.path,
             problem_at(member_path(record.path, member),
                        "unsupported eventSource " + json_quoted(event_source) +
                            " (expected aws:s3, minio:s3, ceph:s3, aws:sqs or aws:sns)"));
  }
}

void parse_records(const Located& document, const Scope& scope, ParsedEvent& out) {
  auto records = required_array(document, "Records");
  if (auto* problem = problem_of(records)) {
    add_item(out, scope, problem->path, std::move(*problem));
    return;
  }
  const Located& array = value_of(records);
  std::size_t index = 0;
  for (const Json& record : *array.value) {
    parse_record(Located{&record, element_path(array.path, index)}, scope, out);
    ++index;
  }
}

bool is_test_event(const Json& document) {
  const Json* event = find_member(document, "Event");
  return event != nullptr && event->is_string() && event->get_ref<const Json::string_t&>() == "s3:TestEvent";
}

bool looks_like_sns_envelope(const Json& document) {
  return find_member(document, "Type") != nullptr &&
         (find_member(document, "Message") != nullptr || find_member(document, "TopicArn") != nullptr);
}

// Names a few members of an unrecognised object, to help whoever has to find out what sent it.
std::string describe_members(const Json& document) {
  constexpr std::size_t MAX_NAMES = 5;
  std::string names;
  std::size_t count = 0;
  for (const auto& member : document.items()) {
    if (count == MAX_NAMES) {
      names += ", …";
      break;
    }
    if (count > 0) names += ", ";
    names += json_quoted(member.key());
    ++count;
  }
  return names;
}

void parse_value(const Located& document, const Scope& scope, ParsedEvent& out) {
  const Json& value = *document.value;
  const std::string path = display_path(document.path);
  if (!value.is_object()) {
    add_item(out, scope, path, problem_at(document.path, wrong_type("a JSON object", value)));
  } else if (value.contains("Records")) {
    parse_records(document, scope, out);
  } else if (is_test_event(value)) {
    add_item(out, scope, path, read_test_event(document));
  } else if (value.contains("detail-type")) {
    add_item(out, scope, path, read_eventbridge_event(document, scope.options));
  } else if (looks_like_sns_envelope(value)) {
    parse_sns_envelope(document, scope, out);
  } else if (value.empty()) {
    add_item(out, scope, path,
             problem_at(document.path, "empty JSON object: not an S3, SQS, SNS or EventBridge event"));
  } else {
    add_item(out, scope, path,
             problem_at(
                 document.path,
                 "unknown event shape: expected S3 \"Records\", an s3:TestEvent, an EventBridge event or an "
                 "SNS notification; found members " +
                     describe_members(value)));
  }
}

}  // namespace

Checked<std::string> required_bucket_name(const Located& bucket, const EventParseOptions& options) {
  auto name = required_string(bucket, "name");
  if (problem_of(name) != nullptr) return name;
  const auto problem =
      bucket_name_problem(value_of(name), BucketNameRules{.allow_tenant = options.endpoint_override});
  if (!problem) return name;
  return problem_at(member_path(bucket.path, "name"),
                    json_quoted(value_of(name)) + " is not a valid S3 bucket name: it " + *problem);
}

void add_item(ParsedEvent& out, const Scope& scope, std::string item_path, ItemOutcome outcome) {
  EventItem item{.path = std::move(item_path), .message_id = scope.message_id, .content = Ignored{}};
  if (auto* object = std::get_if<ObjectRef>(&outcome)) {
    item.content = std::move(*object);
  } else if (auto* ignored = std::get_if<Ignored>(&outcome)) {
    item.content = std::move(*ignored);
  } else {
    auto& problem = std::get<Problem>(outcome);
    item.path = std::move(problem.path);
    item.content = permanent_error(std::string(BAD_EVENT), std::move(problem.message));
  }
  out.items.push_back(std::move(item));
}

void parse_document(std::string_view text, const Scope& scope, ParsedEvent& out) {
  auto document = parse_json_document(text, scope.path);
  if (auto* problem = problem_of(document)) {
    add_item(out, scope, problem->path, std::move(*problem));
    return;
  }
  parse_value(Located{&value_of(document), scope.path}, scope, out);
}

}  // namespace event_detail

ParsedEvent parse_event(std::string_view json, const EventParseOptions& options) {
  ParsedEvent out;
  const event_detail::Scope scope{.options = options};
  if (json.size() > event_detail::MAX_EVENT_BYTES) {
    event_detail::add_item(
        out, scope, "$",
        event_detail::problem_at("$",
                                 "event is " + std::to_string(json.size()) + " bytes; events larger than " +
                                     std::to_string(event_detail::MAX_EVENT_BYTES) +
                                     " bytes (Lambda's 6 MiB payload limit) are refused without parsing"));
    return out;
  }
  event_detail::parse_document(json, scope, out);
  return out;
}

}  // namespace s3load
