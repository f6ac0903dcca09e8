# Homebrew formula for code-airlock.  To publish a release, tag it (vX.Y.Z),
# point url at that tag's tarball and set sha256 to the tarball's checksum:
#   curl -fsSL URL | shasum -a 256
# Until then `brew install --HEAD ./packaging/homebrew/code-airlock.rb`
# builds the main branch.
class CodeAirlock < Formula
  desc "Run coding agents in Docker Sandboxes microVMs and review their commits"
  homepage "https://github.com/Trivo25/code-airlock"
  url "https://github.com/Trivo25/code-airlock/archive/refs/tags/v0.1.0.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  license "MIT"
  head "https://github.com/Trivo25/code-airlock.git", branch: "main"

  depends_on "cmake" => :build
  depends_on "pkg-config" => :build
  depends_on "inih"
  depends_on "jansson"
  depends_on "libgit2"

  def install
    # The test suite needs cmocka and the sbx double; the formula builds
    # only the program.  cmake --install puts the man page, the bash, zsh
    # and fish completions and the codelock links where Homebrew expects.
    system "cmake", "-S", ".", "-B", "build", "-DAIRLOCK_TESTS=OFF",
           *std_cmake_args
    system "cmake", "--build", "build"
    system "cmake", "--install", "build"
  end

  test do
    system bin/"code-airlock", "--version"
    assert_match(/^code-airlock \d+\.\d+\.\d+/,
                 shell_output("#{bin}/code-airlock --version"))
    assert_match "codelock", shell_output("#{bin}/code-airlock completion bash")
  end
end
