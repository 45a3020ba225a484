// The translation unit of the targets that only build a shared precompiled header (cmake/JiuyouBuild.cmake).
