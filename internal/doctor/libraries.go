package doctor

// nativeLib is a Java library that unpacks a .so at run time and
// System.load()s it: a noexec directory fails with UnsatisfiedLinkError
// "failed to map segment from shared object".
type nativeLib struct {
	ID, Name string
	// Props are the -D properties that move the directory, in the order the
	// library consults them. Env is an environment variable doing the same.
	Props []string
	Env   string
	// Default names where it unpacks when nothing is set.
	Default string
	Remedy  string
}

// nativeLibs: relocation knobs as read in each project's loader source.
var nativeLibs = []nativeLib{
	{ID: "snappy", Name: "snappy-java", Props: []string{"org.xerial.snappy.tempdir"}, Default: "java.io.tmpdir",
		Remedy: "-Dorg.xerial.snappy.tempdir=<dir>"},
	{ID: "netty", Name: "Netty native transports / tcnative", Props: []string{"io.netty.native.workdir", "io.netty.tmpdir"},
		Default: "java.io.tmpdir", Remedy: "-Dio.netty.native.workdir=<dir>"},
	{ID: "zstd", Name: "zstd-jni", Props: []string{"ZstdTempFolder"}, Default: "java.io.tmpdir",
		Remedy: "-DZstdTempFolder=<dir>"},
	{ID: "sqlite", Name: "sqlite-jdbc", Props: []string{"org.sqlite.tmpdir"}, Default: "java.io.tmpdir",
		Remedy: "-Dorg.sqlite.tmpdir=<dir>"},
	{ID: "rocksdb", Name: "RocksDB JNI", Env: "ROCKSDB_SHAREDLIB_DIR", Default: "java.io.tmpdir",
		Remedy: "environment ROCKSDB_SHAREDLIB_DIR=<dir>"},
	{ID: "jffi", Name: "jffi / jnr-ffi (JRuby)", Props: []string{"jffi.extract.dir"}, Default: "java.io.tmpdir",
		Remedy: "-Djffi.extract.dir=<dir>"},
	{ID: "javacpp", Name: "JavaCPP (bytedeco)", Props: []string{"org.bytedeco.javacpp.cachedir", "org.bytedeco.javacpp.cacheDir"},
		Default: "javacpp", Remedy: "-Dorg.bytedeco.javacpp.cachedir=<dir>"},
	{ID: "conscrypt", Name: "Conscrypt", Props: []string{"org.conscrypt.native.workdir", "org.conscrypt.tmpdir"},
		Default: "java.io.tmpdir", Remedy: "-Dorg.conscrypt.native.workdir=<dir>"},
	{ID: "lz4", Name: "lz4-java", Default: "java.io.tmpdir",
		Remedy: "-Djava.io.tmpdir=<dir> (lz4-java has no own knob), or install liblz4-java.so on java.library.path"},
	{ID: "brotli4j", Name: "brotli4j", Props: []string{"brotli4j.library.path"}, Default: "java.io.tmpdir",
		Remedy: "-Dbrotli4j.library.path=<installed libbrotli.so> or -Djava.io.tmpdir=<dir>"},
}
