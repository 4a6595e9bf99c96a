#include "proxy/event_loop.h"

#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

class CountingHandler : public IoHandler {
 public:
  void OnIoReady(uint32_t events) override {
    ++calls;
    if (on_ready) on_ready();
  }
  int calls = 0;
  std::function<void()> on_ready;
};

TEST(EventLoopTest, TimersFireInDeadlineOrderAndCancelledOnesDoNot) {
  auto loop = EventLoop::Create();
  ASSERT_TRUE(loop.ok());
  std::vector<int> fired;
  (*loop)->AddTimer(absl::Milliseconds(20), [&] { fired.push_back(2); });
  (*loop)->AddTimer(absl::Milliseconds(5), [&] { fired.push_back(1); });
  EventLoop::TimerId cancelled = (*loop)->AddTimer(absl::Milliseconds(10), [&] { fired.push_back(99); });
  (*loop)->CancelTimer(cancelled);
  (*loop)->AddTimer(absl::Milliseconds(30), [&] { (*loop)->Stop(); });
  (*loop)->Run();
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
}

TEST(EventLoopTest, PostFromAnotherThreadRunsOnLoopThread) {
  auto loop = EventLoop::Create();
  ASSERT_TRUE(loop.ok());
  std::thread::id ran_on;
  std::thread runner([&] { (*loop)->Run(); });
  std::thread poster([&] {
    (*loop)->Post([&] {
      ran_on = std::this_thread::get_id();
      (*loop)->Stop();
    });
  });
  std::thread::id runner_id = runner.get_id();
  poster.join();
  runner.join();
  EXPECT_EQ(ran_on, runner_id);
}

TEST(EventLoopTest, HandlerRemovedDuringBatchIsNotCalled) {
  auto loop = EventLoop::Create();
  ASSERT_TRUE(loop.ok());
  int a[2], b[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, a), 0);
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, b), 0);
  CountingHandler first, second;
  // Whichever runs first removes the other; both fds are readable in the same batch.
  first.on_ready = [&] { (*loop)->Remove(b[0]); (*loop)->Remove(a[0]); (*loop)->Stop(); };
  second.on_ready = [&] { (*loop)->Remove(a[0]); (*loop)->Remove(b[0]); (*loop)->Stop(); };
  ASSERT_TRUE((*loop)->Add(a[0], EPOLLIN, &first).ok());
  ASSERT_TRUE((*loop)->Add(b[0], EPOLLIN, &second).ok());
  ASSERT_EQ(write(a[1], "x", 1), 1);
  ASSERT_EQ(write(b[1], "x", 1), 1);
  (*loop)->Run();
  EXPECT_EQ(first.calls + second.calls, 1);
  for (int fd : {a[0], a[1], b[0], b[1]}) close(fd);
}

TEST(EventLoopTest, DeleteSoonDefersDestructionPastTheBatch) {
  auto loop = EventLoop::Create();
  ASSERT_TRUE(loop.ok());
  struct Flag {
    explicit Flag(bool* destroyed) : destroyed(destroyed) {}
    ~Flag() { *destroyed = true; }
    bool* destroyed;
  };
  bool destroyed = false;
  bool destroyed_during_callback = true;
  (*loop)->AddTimer(absl::ZeroDuration(), [&] {
    (*loop)->DeleteSoon(std::make_unique<Flag>(&destroyed));
    destroyed_during_callback = destroyed;
  });
  (*loop)->AddTimer(absl::Milliseconds(5), [&] { (*loop)->Stop(); });
  (*loop)->Run();
  EXPECT_FALSE(destroyed_during_callback);
  EXPECT_TRUE(destroyed);
}

}  // namespace
}  // namespace shardproxy
