// RoutePlan as readable text: PREVIEW output, golden tests and debugging.
#ifndef SHARDPROXY_ROUTER_PLAN_TEXT_H_
#define SHARDPROXY_ROUTER_PLAN_TEXT_H_

#include <string>

#include "merger/merge_spec.h"
#include "router/route_plan.h"

namespace shardproxy::router {

// One line per node statement ("ds0: SELECT …"), then the plan's facts, then the merge spec.
std::string PlanToText(const RoutePlan& plan);
std::string MergeSpecToText(const MergeSpec& spec);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_PLAN_TEXT_H_
