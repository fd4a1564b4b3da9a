; Inno Setup 6.3+ script: a per-user installer for Interview Sim (no administrator rights needed).
; Saved as UTF-8 without a BOM, which Inno Setup reads as UTF-8 only from 6.3 on (older versions
; would garble the Korean texts), and it uses x64compatible and the Korean translation, also 6.3+.
;
; Build the app first (PyInstaller, packaging/interview_sim.spec), then from the repository root:
;   iscc /DAppVersion=0.1.0 /DAppPublisher="Interview Sim contributors" packaging\windows\interview_sim.iss
; Output: dist\installer\InterviewSim-<version>-setup.exe
;
; Defines (all optional, /DName=value on the iscc command line):
;   AppVersion    version shown in Apps & features and in the file name (default 0.0.0)
;   AppPublisher  publisher shown in Apps & features
;   SourceDir     the PyInstaller output folder (default ..\..\dist\interview-sim)
;   OutputDir     where the installer is written (default ..\..\dist\installer)

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppPublisher
  #define AppPublisher "Interview Sim contributors"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\interview-sim"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist\installer"
#endif
; PREPROCVER: the 32-bit encoded Inno Setup version (ISPP predefined variables, jrsoftware.org/is6help/topic_predefinedvars.htm).
#if PREPROCVER < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed (UTF-8 script without BOM, x64compatible, Korean.isl): https://jrsoftware.org/isdl.php
#endif
#if !FileExists(AddBackslash(CompilerPath) + "Languages\Korean.isl")
  #error This Inno Setup has no Languages\Korean.isl: install Inno Setup 6.3 or newer with its translations
#endif

#define AppName "Interview Sim"
; The windowed app (Start menu, desktop); interview-sim-cli.exe beside it is the console program
; for the commands and --self-test.
#define AppExeName "interview-sim.exe"
; The user-data folder: platformdirs.user_data_dir("InterviewSim", appauthor=False), see
; interview_sim/paths.py (APP_NAME). The database, recordings, own questions and settings live there.
#define UserDataDir "{localappdata}\InterviewSim"

[Setup]
; Keep AppId unchanged across versions: it is how an update finds the installed copy.
AppId={{7F3C7F60-7F2B-446E-8AFD-E18BD5C6EB91}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoCompany={#AppPublisher}
; Per-user install: no UAC prompt; {autopf} is then {userpf} (%LOCALAPPDATA%\Programs) and
; {autoprograms} the user's own Start menu.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
SetupIconFile=..\..\resources\icons\interview-sim.ico
OutputDir={#OutputDir}
OutputBaseFilename=InterviewSim-{#AppVersion}-setup
; The Korean model is about 250 MB; LZMA2 solid compression packs the app to a fraction of that.
Compression=lzma2/max
SolidCompression=yes
LZMANumBlockThreads=2
WizardStyle=modern
; PyInstaller builds a 64-bit app on the 64-bit runner.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running copy before replacing its files (Restart Manager).
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
korean.RemoveUserData=Interview Sim의 사용자 데이터도 삭제할까요?%n%n%1%n%n연습 기록, 녹음한 답변, 직접 추가한 질문과 설정이 모두 영구히 삭제됩니다. 보관하려면 [아니요]를 누르세요.
english.RemoveUserData=Also delete your Interview Sim data?%n%n%1%n%nYour practice history, recorded answers, your own questions and settings will be permanently deleted. Choose No to keep them.
korean.LaunchApp=Interview Sim 실행
english.LaunchApp=Start Interview Sim

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update copies the new version over the old one: without this, modules and libraries the new
; build no longer has would stay in _internal and could be loaded instead of the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole PyInstaller onedir folder (interview-sim.exe, interview-sim-cli.exe and _internal\).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[Code]
{ User data stays unless the user says to delete it: the question defaults to No, a silent
  uninstall never deletes it (pass /REMOVEUSERDATA=1 to delete it silently), and an update,
  which does not run the uninstaller, never touches it. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
  Remove: Boolean;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{#UserDataDir}');
  if not DirExists(DataDir) then
    Exit;
  if UninstallSilent then
    Remove := ExpandConstant('{param:REMOVEUSERDATA|0}') = '1'
  else
    Remove := SuppressibleMsgBox(FmtMessage(CustomMessage('RemoveUserData'), [DataDir]),
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
  if Remove then
    DelTree(DataDir, True, True, True);
end;
