#include "proxy/protocol/com_stmt_execute.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"

namespace shardproxy {
namespace {

constexpr uint8_t kUnsignedFlag = 0x80;

absl::Status WrongArguments(absl::string_view what) {
  return MysqlStatus(mysql_errc::kWrongArguments, "HY000",
                     absl::StrCat("Incorrect arguments to mysqld_stmt_execute (", what, ")"));
}

// How a parameter type travels; nullopt for a byte that is no parameter type.
enum class Form {
  kFixed1,
  kFixed2,
  kFixed4,
  kFixed8,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kBinaryString,
  kDate,
  kDateTime,
  kTime,
  kNull
};

absl::optional<Form> FormOf(FieldType type) {
  switch (type) {
    case FieldType::kTiny:
      return Form::kFixed1;
    case FieldType::kShort:
    case FieldType::kYear:
      return Form::kFixed2;
    case FieldType::kLong:
    case FieldType::kInt24:
      return Form::kFixed4;
    case FieldType::kLongLong:
      return Form::kFixed8;
    case FieldType::kFloat:
      return Form::kFloat;
    case FieldType::kDouble:
      return Form::kDouble;
    case FieldType::kDecimal:
    case FieldType::kNewDecimal:
      return Form::kDecimal;
    case FieldType::kVarChar:
    case FieldType::kVarString:
    case FieldType::kString:
    case FieldType::kEnum:
    case FieldType::kSet:
    case FieldType::kJson:
      return Form::kString;
    case FieldType::kTinyBlob:
    case FieldType::kMediumBlob:
    case FieldType::kLongBlob:
    case FieldType::kBlob:
    case FieldType::kBit:
    case FieldType::kGeometry:
      return Form::kBinaryString;
    case FieldType::kDate:
      return Form::kDate;
    case FieldType::kDateTime:
    case FieldType::kTimestamp:
      return Form::kDateTime;
    case FieldType::kTime:
      return Form::kTime;
    case FieldType::kNull:
      return Form::kNull;
    default:
      return absl::nullopt;  // internal types (NEWDATE, *2) never travel as parameters
  }
}

bool GetValue(Form form, bool is_unsigned, absl::string_view* in, ParamValue* value) {
  auto set_integer = [&](uint64_t bits, int bytes) {
    if (is_unsigned) {
      value->kind = ParamValue::Kind::kUnsigned;
      value->unsigned_value = bits;
    } else {
      value->kind = ParamValue::Kind::kSigned;
      const int shift = 64 - 8 * bytes;  // sign-extend
      value->signed_value = static_cast<int64_t>(bits << shift) >> shift;
    }
  };
  switch (form) {
    case Form::kFixed1: {
      uint8_t v;
      if (!GetFixed8(in, &v)) return false;
      set_integer(v, 1);
      return true;
    }
    case Form::kFixed2: {
      uint16_t v;
      if (!GetFixed16(in, &v)) return false;
      set_integer(v, 2);
      return true;
    }
    case Form::kFixed4: {
      uint32_t v;
      if (!GetFixed32(in, &v)) return false;
      set_integer(v, 4);
      return true;
    }
    case Form::kFixed8: {
      uint64_t v;
      if (!GetFixed64(in, &v)) return false;
      set_integer(v, 8);
      return true;
    }
    case Form::kFloat: {
      uint32_t bits;
      if (!GetFixed32(in, &bits)) return false;
      float f;
      std::memcpy(&f, &bits, sizeof(f));
      value->kind = ParamValue::Kind::kFloat;
      value->double_value = f;
      return true;
    }
    case Form::kDouble: {
      uint64_t bits;
      if (!GetFixed64(in, &bits)) return false;
      std::memcpy(&value->double_value, &bits, sizeof(bits));
      value->kind = ParamValue::Kind::kDouble;
      return true;
    }
    case Form::kDecimal:
      value->kind = ParamValue::Kind::kDecimal;
      return GetLengthEncodedString(in, &value->bytes);
    case Form::kString:
      value->kind = ParamValue::Kind::kString;
      return GetLengthEncodedString(in, &value->bytes);
    case Form::kBinaryString:
      value->kind = ParamValue::Kind::kBinaryString;
      return GetLengthEncodedString(in, &value->bytes);
    case Form::kDate:
      value->kind = ParamValue::Kind::kDate;
      return GetBinaryDateTime(in, &value->time);
    case Form::kDateTime:
      value->kind = ParamValue::Kind::kDateTime;
      return GetBinaryDateTime(in, &value->time);
    case Form::kTime:
      value->kind = ParamValue::Kind::kTime;
      return GetBinaryTime(in, &value->time);
    case Form::kNull:
      value->kind = ParamValue::Kind::kNull;
      return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<ComStmtExecute> DecodeComStmtExecute(absl::string_view payload,
                                                    const StmtExecuteContext& context) {
  absl::string_view in = payload;
  uint8_t command;
  if (!GetFixed8(&in, &command) || command != static_cast<uint8_t>(Command::kStmtExecute)) {
    return WrongArguments("not a COM_STMT_EXECUTE packet");
  }
  ComStmtExecute result;
  if (!GetFixed32(&in, &result.statement_id) || !GetFixed8(&in, &result.flags) ||
      !GetFixed32(&in, &result.iteration_count)) {
    return WrongArguments("truncated header");
  }
  const size_t n = context.num_params;
  if (n == 0) return result;  // clients send nothing more; servers ignore anything that follows
  if (!context.long_data.empty() && context.long_data.size() != n) {
    return InternalError("long data for a different number of parameters");
  }

  absl::string_view null_bitmap;
  uint8_t new_params_bound;
  if (!GetFixedString(&in, (n + 7) / 8, &null_bitmap) || !GetFixed8(&in, &new_params_bound)) {
    return WrongArguments("truncated NULL bitmap");
  }
  result.new_params_bound = new_params_bound != 0;
  result.param_types.resize(n);
  if (result.new_params_bound) {
    for (size_t i = 0; i < n; ++i) {
      uint8_t type, flags;
      if (!GetFixed8(&in, &type) || !GetFixed8(&in, &flags)) {
        return WrongArguments("truncated parameter types");
      }
      result.param_types[i] = {static_cast<FieldType>(type), (flags & kUnsignedFlag) != 0};
    }
  } else if (context.previous_types.size() == n) {
    std::copy(context.previous_types.begin(), context.previous_types.end(),
              result.param_types.begin());
  } else {
    return WrongArguments("no parameter types were ever bound");
  }

  result.params.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const ParamType& type = result.param_types[i];
    const absl::optional<Form> form = FormOf(type.type);
    if (!form.has_value()) {
      return WrongArguments(
          absl::StrCat("parameter ", i + 1, " has unknown type ", static_cast<int>(type.type)));
    }
    ParamValue& value = result.params[i];
    if (!context.long_data.empty() && context.long_data[i].has_value()) {
      // Sent piecewise earlier: a string, whatever the declared type (servers convert it).
      value.kind = *form == Form::kBinaryString ? ParamValue::Kind::kBinaryString
                                                : ParamValue::Kind::kString;
      value.bytes = *context.long_data[i];
      continue;
    }
    if (static_cast<uint8_t>(null_bitmap[i / 8]) & (1 << (i % 8))) continue;  // kNull
    if (!GetValue(*form, type.is_unsigned, &in, &value)) {
      return WrongArguments(absl::StrCat("truncated or malformed value of parameter ", i + 1));
    }
  }
  return result;
}

void EncodeComStmtExecute(const ComStmtExecute& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kStmtExecute));
  PutFixed32(out, command.statement_id);
  PutFixed8(out, command.flags);
  PutFixed32(out, command.iteration_count);
  const size_t n = command.params.size();
  if (n == 0) return;
  const size_t bitmap = out->size();
  out->append((n + 7) / 8, '\0');
  for (size_t i = 0; i < n; ++i) {
    if (command.params[i].kind == ParamValue::Kind::kNull) {
      (*out)[bitmap + i / 8] = static_cast<char>((*out)[bitmap + i / 8] | (1 << (i % 8)));
    }
  }
  PutFixed8(out, command.new_params_bound ? 1 : 0);
  if (command.new_params_bound) {
    for (const ParamType& type : command.param_types) {
      PutFixed8(out, static_cast<uint8_t>(type.type));
      PutFixed8(out, type.is_unsigned ? kUnsignedFlag : 0);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const ParamValue& value = command.params[i];
    if (value.kind == ParamValue::Kind::kNull) continue;
    const ParamType type = i < command.param_types.size() ? command.param_types[i] : ParamType{};
    const uint64_t bits = value.kind == ParamValue::Kind::kUnsigned
                              ? value.unsigned_value
                              : static_cast<uint64_t>(value.signed_value);
    switch (FormOf(type.type).value_or(Form::kString)) {
      case Form::kFixed1:
        PutFixed8(out, static_cast<uint8_t>(bits));
        break;
      case Form::kFixed2:
        PutFixed16(out, static_cast<uint16_t>(bits));
        break;
      case Form::kFixed4:
        PutFixed32(out, static_cast<uint32_t>(bits));
        break;
      case Form::kFixed8:
        PutFixed64(out, bits);
        break;
      case Form::kFloat: {
        const float f = static_cast<float>(value.double_value);
        uint32_t b;
        std::memcpy(&b, &f, sizeof(b));
        PutFixed32(out, b);
        break;
      }
      case Form::kDouble: {
        uint64_t b;
        std::memcpy(&b, &value.double_value, sizeof(b));
        PutFixed64(out, b);
        break;
      }
      case Form::kDate:
      case Form::kDateTime:
        PutBinaryDateTime(out, value.time);
        break;
      case Form::kTime:
        PutBinaryTime(out, value.time);
        break;
      case Form::kNull:
        break;
      default:
        PutLengthEncodedString(out, value.bytes);
        break;
    }
  }
}

void RewriteStmtExecute(absl::string_view payload, uint32_t backend_id, uint16_t num_params,
                        absl::Span<const ParamType> types_to_add, std::string* out) {
  constexpr size_t kIdAt = 1, kFlagsAt = 5, kBitmapAt = 10;
  out->assign(payload.data(), payload.size());
  std::string id;
  PutFixed32(&id, backend_id);
  out->replace(kIdAt, 4, id);
  (*out)[kFlagsAt] = static_cast<char>(cursor_type::kNoCursor);
  if (num_params == 0) return;
  const size_t bound_at = kBitmapAt + (num_params + 7) / 8;
  if ((*out)[bound_at] != 0 || types_to_add.size() != num_params) return;
  (*out)[bound_at] = 1;
  std::string types;
  for (const ParamType& type : types_to_add) {
    PutFixed8(&types, static_cast<uint8_t>(type.type));
    PutFixed8(&types, type.is_unsigned ? 0x80 : 0x00);
  }
  out->insert(bound_at + 1, types);
}

}  // namespace shardproxy
